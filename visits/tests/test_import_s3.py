"""A pending import kept in an S3-compatible bucket (a local moto server): a preview made on one
web server can be confirmed on another. Stored, read back, discarded and swept through the storage."""

import pytest

from visits.imports import services

pytestmark = [pytest.mark.s3, pytest.mark.xdist_group("s3"), pytest.mark.django_db]


def test_a_pending_import_lives_in_the_bucket(school, school_year, administrator, s3_storage, tmp_path):
    data = b"achternaam;voornaam\nJansen;Sam\n"
    token = services.pending_import_store(school=school, school_year=school_year, user=administrator, data=data)
    [key] = s3_storage.objects()
    assert key.startswith("imports/") and s3_storage.objects()[key] == data
    pending = services.pending_import_load(token=token, school=school, user=administrator)
    assert pending.data == data and key == f"imports/{pending.file_name}"

    assert services.pending_imports_sweep() == 0  # still fresh
    assert services.pending_imports_sweep(max_age=-60) == 1
    assert s3_storage.objects() == {}
    with pytest.raises(services.PendingImportError):
        services.pending_import_load(token=token, school=school, user=administrator)
    assert not (tmp_path / "local-media").exists()
