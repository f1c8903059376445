"""Backups that restore: database and uploaded files out to one archive, wiped, and back.

Runs on the suite's engine: SQLite's online backup API in the first CI pass, pg_dump and
pg_restore in the PostgreSQL pass. Dumps read committed data from outside any transaction, so
these tests are transactional.
"""

import io
import json
import os
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from core.models import AuditEntry
from petitions.attachments import attachment_add
from petitions.models import Attachment, Petition, State
from portal import backup
from tests.petitions.factories import make_petition, pdf_upload

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restore_migrated_data"),
]


@pytest.fixture
def world(wr, clerk_a, representative, celery_in_process):
    """A request carried through every step (its history in the audit log) with a file."""
    petition = make_petition(State.REPLIED, workroom=wr.a, actor=clerk_a, handler=representative)
    attachment_add(petition, actor=clerk_a, upload=pdf_upload())
    return Petition.objects.get(pk=petition.pk)


def history(petition):
    return list(AuditEntry.objects.filter(object_id=petition.pk).order_by("pk").values())


def rewrite(archive: Path, change) -> Path:
    """A copy of ``archive`` with each member's bytes passed through ``change(name, data)``."""
    target = archive.with_name("tampered.tar.gz")
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    return target


def wipe(media_root: Path) -> None:
    call_command("flush", interactive=False, verbosity=0)
    for path in media_root.rglob("*"):
        if path.is_file():
            path.unlink()


def test_round_trip_brings_back_rows_history_and_attachment_bytes(world, media_root, tmp_path):
    attachment = Attachment.objects.get(petition=world)
    content = attachment.file.read()
    attachment.file.close()
    rows, entries = backup.row_counts(), history(world)
    assert len(entries) >= 5  # registered, received, handled, replied, attached

    archive = backup.backup_create(output_dir=tmp_path / "backups")
    wipe(media_root)
    assert not Petition.objects.exists()
    assert not any(media_root.rglob("*.pdf"))
    backup.backup_restore(archive.path)

    assert backup.row_counts() == rows
    assert history(world) == entries
    restored = Attachment.objects.get(pk=attachment.pk)
    with restored.file.open("rb") as handle:
        assert handle.read() == content
    assert Petition.objects.get(pk=world.pk).state == State.REPLIED


def test_archive_holds_the_database_every_file_and_a_manifest(world, media_root, tmp_path):
    archive = backup.backup_create(output_dir=tmp_path)

    with tarfile.open(archive.path, "r:gz") as tar:
        names = set(tar.getnames())
        manifest = json.loads(tar.extractfile("manifest.json").read())
    stored = {
        f"media/{p.relative_to(media_root).as_posix()}"
        for p in media_root.rglob("*")
        if p.is_file()
    }
    assert archive.path.name.startswith("workrooms-")
    assert names == {"manifest.json", manifest["database"], *stored}
    assert manifest["engine"] == backup.engine_of()
    assert manifest["rows"]["petitions.Petition"] == 1
    assert manifest["rows"] == backup.row_counts()
    assert set(manifest["files"]) == names - {"manifest.json"}
    assert all(len(facts["sha256"]) == 64 for facts in manifest["files"].values())


def test_a_tampered_archive_is_refused_and_changes_nothing(world, media_root, tmp_path):
    archive = backup.backup_create(output_dir=tmp_path).path
    tampered = rewrite(archive, lambda name, data: data + b"%" if name.endswith(".pdf") else data)
    later = make_petition(workroom=world.workroom, actor=world.registered_by)
    files = sorted(media_root.rglob("*"))

    with pytest.raises(backup.BackupError, match="SHA-256 does not match"):
        backup.backup_restore(tampered)

    assert Petition.objects.filter(pk=later.pk).exists()
    assert sorted(media_root.rglob("*")) == files


def test_a_file_added_to_the_archive_is_refused(world, tmp_path):
    archive = backup.backup_create(output_dir=tmp_path).path
    with tarfile.open(archive, "r:gz") as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]
    added = tmp_path / "added.tar.gz"
    with tarfile.open(added, "w:gz") as tar:
        for member, data in members:
            tar.addfile(member, io.BytesIO(data))
        extra = tarfile.TarInfo("media/planted.txt")
        extra.size = 3
        tar.addfile(extra, io.BytesIO(b"hi\n"))

    with pytest.raises(backup.BackupError, match="does not match its manifest"):
        backup.backup_restore(added)

    assert Petition.objects.filter(pk=world.pk).exists()


def test_an_archive_of_the_other_engine_is_refused_with_a_clear_message(world, tmp_path):
    other = "postgresql" if backup.engine_of() == "sqlite" else "sqlite"

    def claim_other_engine(name, data):
        if name != "manifest.json":
            return data
        return json.dumps({**json.loads(data), "engine": other}).encode()

    archive = rewrite(backup.backup_create(output_dir=tmp_path).path, claim_other_engine)

    with pytest.raises(backup.BackupError, match=f"holds a {other} database"):
        backup.backup_restore(archive)


def test_an_archive_of_a_newer_version_is_refused(world, tmp_path):
    def add_migration(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"].append("petitions.9999_from_the_future")
        return json.dumps(manifest).encode()

    archive = rewrite(backup.backup_create(output_dir=tmp_path).path, add_migration)

    with pytest.raises(backup.BackupError, match="newer version"):
        backup.backup_restore(archive)


def test_retention_keeps_the_newest_archives(tmp_path):
    tmp_path = tmp_path / "backups"
    tmp_path.mkdir()
    for age in range(5):
        path = tmp_path / f"workrooms-2026010{age}-020000.tar.gz"
        path.write_bytes(b"")
        os.utime(path, (1_700_000_000 + age, 1_700_000_000 + age))
    (tmp_path / "notes.txt").write_text("not an archive")

    removed = backup.prune(tmp_path, keep=2)

    assert [p.name for p in removed] == [
        "workrooms-20260100-020000.tar.gz",
        "workrooms-20260101-020000.tar.gz",
        "workrooms-20260102-020000.tar.gz",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "notes.txt",
        "workrooms-20260103-020000.tar.gz",
        "workrooms-20260104-020000.tar.gz",
    ]


def test_backup_command_writes_an_archive_and_keeps_n(world, tmp_path, capsys):
    old = tmp_path / "workrooms-20200101-000000.tar.gz"
    old.write_bytes(b"")
    os.utime(old, (1_600_000_000, 1_600_000_000))

    call_command("backup", output=tmp_path, keep=1)

    archives = backup.archives(tmp_path)
    assert len(archives) == 1
    assert archives[0] != old
    assert str(archives[0]) in capsys.readouterr().out


def test_restore_command_asks_first_and_restores_with_yes(world, media_root, tmp_path, monkeypatch):
    archive = backup.backup_create(output_dir=tmp_path).path
    wipe(media_root)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("restore", archive)
    assert not Petition.objects.exists()

    call_command("restore", archive, yes=True)
    assert Petition.objects.filter(pk=world.pk).exists()


def test_the_database_password_never_reaches_the_command_line():
    args, env = backup._pg_command(
        "pg_dump", {"HOST": "db", "PORT": 5432, "USER": "workrooms", "PASSWORD": "s3cret"}
    )

    assert "s3cret" not in " ".join(args)
    assert env["PGPASSWORD"] == "s3cret"
    assert args[:7] == ["pg_dump", "--host", "db", "--port", "5432", "--username", "workrooms"]
