"""Backups with the uploads in a bucket: the archive copies them out of the bucket and a restore
puts back exactly those, byte for byte; with BACKUP_MEDIA=false the archive holds the database
only, says so, and a restore leaves the bucket alone."""

import pytest

from petitions.attachments import attachment_add
from petitions.models import State
from portal import backup
from tests.petitions.factories import make_petition, pdf_bytes, upload
from tests.scale.conftest import BUCKET, files_under, objects

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restore_migrated_data", "celery_in_process"),
]


@pytest.fixture
def attachment(bucket, wr, clerk_a, representative):
    petition = make_petition(State.RECEIVED, workroom=wr.a, actor=clerk_a, handler=representative)
    return attachment_add(petition, actor=clerk_a, upload=upload("回复函.pdf", pdf_bytes()))


def test_the_archive_holds_the_buckets_files_and_restores_them(
    attachment, bucket, tmp_path, media_root
):
    archive = backup.backup_create(output_dir=tmp_path / "backups")
    bucket.delete_object(Bucket=BUCKET, Key=attachment.file.name)
    bucket.put_object(Bucket=BUCKET, Key="stray/after-the-backup.txt", Body=b"x")

    backup.backup_restore(archive.path)

    assert archive.manifest["media"] == {"storage": f"s3://{BUCKET}", "included": True}
    assert f"media/{attachment.file.name}" in archive.manifest["files"]
    assert objects(bucket) == {attachment.file.name: pdf_bytes()}
    assert files_under(media_root) == []


def test_without_media_the_archive_says_so_and_a_restore_leaves_the_bucket_alone(
    attachment, bucket, tmp_path, settings
):
    settings.BACKUP_MEDIA = False
    archive = backup.backup_create(output_dir=tmp_path / "backups")
    bucket.put_object(Bucket=BUCKET, Key="later/added.txt", Body=b"kept")

    backup.backup_restore(archive.path)

    assert archive.media_files == 0
    assert archive.manifest["media"]["included"] is False
    assert objects(bucket) == {attachment.file.name: pdf_bytes(), "later/added.txt": b"kept"}
