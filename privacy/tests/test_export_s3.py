"""The right-of-access export works unchanged with the files in an S3-compatible bucket (a local
moto server): it is made on request and stores nothing, neither in the bucket nor on the disk."""

import pytest
from django.urls import reverse

from huisbezoek.testing.pdfs import only_packaged_fonts
from privacy.tests.factories import family_with_history

pytestmark = [pytest.mark.s3, pytest.mark.xdist_group("s3")]


def test_the_export_is_made_with_s3_storage(
    client, administrator, group, teacher, care_coordinator, s3_storage, tmp_path
):
    family = family_with_history(group=group, teacher=teacher, care_coordinator=care_coordinator, left_on=None)
    client.force_login(administrator)
    url = reverse("privacy:family_export", args=[family.pk])
    response = client.post(url, {"format": "pdf", "reviewed": "on"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    only_packaged_fonts(response.content, tmp_path)
    assert s3_storage.objects() == {} and not (tmp_path / "local-media").exists()
