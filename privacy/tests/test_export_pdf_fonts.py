"""The right-of-access PDF embeds only the packaged fonts, Arabic text included."""

from django.urls import reverse

from huisbezoek.testing.pdfs import only_packaged_fonts
from privacy.tests.factories import family_with_history
from visits.models import CaseEntry


def test_the_access_export_pdf_embeds_only_the_packaged_fonts(
    client, administrator, group, teacher, care_coordinator, tmp_path
):
    family_with_care = family_with_history(
        group=group, teacher=teacher, care_coordinator=care_coordinator, left_on=None, care="closed"
    )
    entry = CaseEntry.objects.filter(case__pupil__family=family_with_care).first()
    assert entry is not None
    entry.text = "مرحبا، شكرا على الزيارة"
    entry.save()
    client.force_login(administrator)
    response = client.post(
        reverse("privacy:family_export", args=[family_with_care.pk]), {"format": "pdf", "reviewed": "on"}
    )
    assert response.status_code == 200
    fonts = only_packaged_fonts(response.content, tmp_path)
    assert any("HB-Arabic" in font for font in fonts), fonts
