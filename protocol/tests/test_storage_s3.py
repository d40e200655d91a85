"""The protocol's files in an S3-compatible bucket (a local moto server): the logo upload, a
rendered PDF with that logo, and the public downloads, with nothing written to the local disk."""

import io
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from protocol import services
from protocol.models import ProtocolPdf

pytestmark = [pytest.mark.s3, pytest.mark.xdist_group("s3")]


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def _images_in(data: bytes, tmp_path) -> int:
    path = tmp_path / "logo.pdf"
    path.write_bytes(data)
    command = ["/usr/bin/pdfimages", "-list", str(path)]
    listed = subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603 - our own file
    return len(listed.stdout.splitlines()) - 2


def test_logo_pdf_and_downloads_live_in_the_bucket(client, directie, published, settings_row, s3_storage, tmp_path):
    client.force_login(directie)
    form = {"revision": settings_row.revision, "logo_upload": SimpleUploadedFile("logo.png", _png())}
    assert client.post(reverse("protocol:settings"), form).status_code == 302
    settings_row.refresh_from_db()
    assert settings_row.logo.name in s3_storage.objects()

    stored = services.pdf_ensure(version_id=published.pk, language="nl")  # what the render task does
    assert isinstance(stored, ProtocolPdf)
    data = s3_storage.objects()[stored.file.name]
    assert data.startswith(b"%PDF") and _images_in(data, tmp_path) >= 1  # the logo, read from the bucket

    client.logout()
    code = settings_row.public_code
    response = client.get(reverse("protocol:public_pdf", args=[code, "nl"]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == data
    assert response["ETag"] == f'"{stored.sha256}"'
    logo = client.get(reverse("protocol:public_logo", args=[code]))
    assert logo.status_code == 200 and b"".join(logo.streaming_content).startswith(b"\x89PNG")

    # A new render replaces the old file in the bucket; nothing ever went to the local disk.
    settings_row.refresh_from_db()
    services.settings_update(
        protocol_settings=settings_row, expected_revision=settings_row.revision, data={"confidant_name": "Mw. Ander"}
    )
    newer = services.pdf_ensure(version_id=published.pk, language="nl")
    assert newer is not None and newer.file.name != stored.file.name
    assert stored.file.name not in s3_storage.objects() and newer.file.name in s3_storage.objects()
    assert not (tmp_path / "local-media").exists()
