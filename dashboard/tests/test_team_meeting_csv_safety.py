"""The team-meeting CSV writes families' names as plain text, whatever they start with."""

import csv
import io

from dashboard.tests.test_views import CSV, season  # noqa: F401 - the fixture of the team-meeting tests
from visits.models import Family


def test_family_names_that_look_like_formulas_are_quoted_in_the_csv(client, directie, season):  # noqa: F811
    stuck = Family.objects.get(name="Familie Achterop")
    stuck.name = '=HYPERLINK("x")'
    stuck.save()
    late = Family.objects.get(name="Familie Laat")
    late.name = " -1+1"
    late.save()
    client.force_login(directie)
    body = client.get(CSV).content.decode("utf-8").lstrip("\ufeff")
    first_cells = [row[0] for row in csv.reader(io.StringIO(body), delimiter=";") if row]
    assert '\'=HYPERLINK("x")' in first_cells
    assert "' -1+1" in first_cells
    for cell in first_cells:
        assert cell.strip()[:1] not in ("=", "+", "-", "@"), cell
