"""The team-meeting PDF embeds only the packaged fonts, in the body and in the page margins."""

import pytest
from django.urls import reverse

from huisbezoek.testing.pdfs import only_packaged_fonts


@pytest.mark.usefixtures("season")
def test_the_team_meeting_pdf_embeds_only_the_packaged_fonts(client, directie, tmp_path):
    client.force_login(directie)
    response = client.get(reverse("dashboard:team_meeting_pdf"))
    assert response.status_code == 200
    only_packaged_fonts(response.content, tmp_path)
