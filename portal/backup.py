"""Backups that restore: the database and the uploaded files in one archive, and back.

``backup_create`` writes ``workrooms-YYYYmmdd-HHMMSS.tar.gz`` holding

- ``database.sqlite3`` (the embedded install: SQLite's online backup API, a consistent copy
  taken while the app keeps running) or ``database.pgdump`` (PostgreSQL: ``pg_dump`` in its
  custom format, read from one snapshot);
- ``media/…``: every uploaded file (evidence photos, attachments, reports), read from
  ``MEDIA_ROOT`` or, when the uploads live in an S3 bucket, from the bucket; left out with
  ``BACKUP_MEDIA=false`` (the object store keeps its own copies: versioning, replication), and
  the manifest says so;
- ``manifest.json``: format, time, engine, the applied migrations, the rows of every table and
  the size and SHA-256 of every file above.

The rows are counted in the same snapshot the dump is taken from (the SQLite copy itself; the
exported snapshot pg_dump reads), so they are the dump's own counts even while clerks keep
working. The database is copied before the files: a file a row names is in the archive unless
it was deleted meanwhile.

``backup_restore`` checks everything before it changes anything (every hash, no file missing
or added, the engine, migrations the code knows), then replaces the database and the files and
counts the rows again. An archive that fails a check changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from core.storage import describe, is_local, stored_names

FORMAT = 1
PREFIX = "workrooms-"
SUFFIX = ".tar.gz"
MANIFEST = "manifest.json"
MEDIA = "media"
DUMP_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """Why a backup or a restore could not be made; nothing was changed by a refused restore."""


@dataclass(frozen=True)
class Archive:
    path: Path
    manifest: dict[str, Any]
    seconds: float

    @property
    def size(self) -> int:
        return self.path.stat().st_size

    @property
    def rows(self) -> int:
        return sum(self.manifest["rows"].values())

    @property
    def media_files(self) -> int:
        return sum(1 for name in self.manifest["files"] if name.startswith(f"{MEDIA}/"))


# --- what is counted ----------------------------------------------------------------------------


def _tables() -> dict[str, str]:
    """Model label → table, for every table our models and Django's own keep (many-to-many
    tables included)."""
    tables: dict[str, str] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and meta.db_table not in tables.values():
            tables[meta.label] = meta.db_table
    return dict(sorted(tables.items()))


def _count(cursor: Any, present: set[str] | None = None) -> dict[str, int]:
    rows = {}
    for label, table in _tables().items():
        if present is not None and table not in present:
            continue
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        rows[label] = int(cursor.fetchone()[0])
    return rows


def _applied_migrations(cursor: Any) -> list[str]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [f"{app}.{name}" for app, name in cursor.fetchall()]


def row_counts(using: str = "default") -> dict[str, int]:
    """Rows per model in the live database (what a restore is checked against)."""
    with connections[using].cursor() as cursor:
        return _count(cursor)


def engine_of(using: str = "default") -> str:
    vendor = connections[using].vendor
    if vendor not in DUMP_FILES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


# --- files --------------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class _HashingReader:
    """Hands tarfile a file while hashing what it reads, so the hash in the manifest is of
    exactly the bytes that went into the archive (a file rewritten meanwhile cannot slip by)."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _media_files(root: Path) -> Iterator[tuple[str, Path]]:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield f"{MEDIA}/{path.relative_to(root).as_posix()}", path


def _add_stored(tar: tarfile.TarFile, work: Path) -> dict[str, Any]:
    """Every file of a storage without local paths (an S3 bucket), each copied to ``work``
    first: its size must be known before tar takes its bytes."""
    files = {}
    for stored in stored_names(default_storage):
        copy = Path(work) / "media-copy"
        try:
            with default_storage.open(stored, "rb") as source, copy.open("wb") as target:
                shutil.copyfileobj(source, target, CHUNK)
        except FileNotFoundError:
            continue  # deleted since it was listed, as on the disk
        name = f"{MEDIA}/{stored}"
        files[name] = _add(tar, name, copy)
        copy.unlink()
    return files


def _add(tar: tarfile.TarFile, name: str, path: Path) -> dict[str, Any]:
    info = tar.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with path.open("rb") as handle:
        reader = _HashingReader(handle)
        tar.addfile(info, reader)
    return {"size": info.size, "sha256": reader.digest.hexdigest()}


# --- backup -------------------------------------------------------------------------------------


def _pg_command(program: str, settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """The connection options of ``program`` (pg_dump, pg_restore); the password travels in the
    environment, never on a command line that ``ps`` shows to every user of the machine."""
    args = [program]
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    sslmode = (settings_dict.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return [*args, "--no-password"], env


def _run(args: list[str], env: dict[str, str]) -> None:
    if shutil.which(args[0]) is None:
        raise BackupError(
            f"{args[0]} is not installed: install the PostgreSQL client tools of the server's "
            "major version (Debian/Ubuntu: postgresql-client)."
        )
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{args[0]} failed: {result.stderr.strip() or result.returncode}")


# How long a backup waits for a lock another connection holds before giving up with a message
# (SQLite's backup would otherwise retry for ever).
LOCK_WAIT = 60


def _patience(deadline: float) -> Callable[[int, int, int], None]:
    def progress(status: int, remaining: int, total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > deadline:
            raise BackupError(
                "The database stayed locked by another connection; try again when it is idle."
            )

    return progress


def _dump_sqlite(using: str, target: Path) -> tuple[dict[str, int], list[str]]:
    connection = connections[using]
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        # The online backup API copies a consistent state page by page while others keep
        # writing (WAL included); Django's own connection also works for an in-memory database.
        connection.connection.backup(copy, progress=_patience(time.monotonic() + LOCK_WAIT))
        cursor = copy.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        present = {name for (name,) in cursor.fetchall()}
        return _count(cursor, present), _applied_migrations(cursor)
    finally:
        copy.close()


def _dump_postgresql(using: str, target: Path) -> tuple[dict[str, int], list[str]]:
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError("A backup cannot run inside a transaction.")
    args, env = _pg_command("pg_dump", connection.settings_dict)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        # Count the rows in the very snapshot pg_dump reads: the transaction exports it and
        # stays open until the dump is done.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        rows, migrations = _count(cursor), _applied_migrations(cursor)
        _run(
            [
                *args,
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--file={target}",
                f"--dbname={connection.settings_dict['NAME']}",
            ],
            env,
        )
    return rows, migrations


def _archive_name(output_dir: Path) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    path = output_dir / f"{PREFIX}{stamp}{SUFFIX}"
    counter = 1
    while path.exists():
        counter += 1
        path = output_dir / f"{PREFIX}{stamp}-{counter}{SUFFIX}"
    return path


def backup_create(
    *, output_dir: Path | None = None, keep: int | None = None, using: str = "default"
) -> Archive:
    """Write one archive of the database and the uploads into ``output_dir`` (default
    ``BACKUP_DIR``), then keep only the newest ``keep`` archives there (default
    ``BACKUP_KEEP``; 0 keeps all)."""
    started = time.monotonic()
    output_dir = Path(output_dir or settings.BACKUP_DIR)
    output_dir.mkdir(parents=True, exist_ok=True)
    engine = engine_of(using)
    path = _archive_name(output_dir)
    partial = path.with_name(f".{path.name}.partial")
    with tempfile.TemporaryDirectory(dir=output_dir, prefix=".backup-") as work:
        dump = Path(work) / DUMP_FILES[engine]
        dumper = _dump_sqlite if engine == "sqlite" else _dump_postgresql
        rows, migrations = dumper(using, dump)
        files: dict[str, Any] = {}
        try:
            with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
                files[dump.name] = _add(tar, dump.name, dump)
                if settings.BACKUP_MEDIA and is_local(default_storage):
                    for name, source in _media_files(Path(settings.MEDIA_ROOT)):
                        files[name] = _add(tar, name, source)
                elif settings.BACKUP_MEDIA:
                    files.update(_add_stored(tar, Path(work)))
                manifest = {
                    "format": FORMAT,
                    "created": timezone.now().isoformat(),
                    "engine": engine,
                    "database": dump.name,
                    "migrations": migrations,
                    "rows": rows,
                    "files": files,
                    # Where the files were, and whether they are in the archive: a restore
                    # leaves the uploads alone when they are not.
                    "media": {"storage": describe(), "included": settings.BACKUP_MEDIA},
                }
                manifest_path = Path(work) / MANIFEST
                manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
                tar.add(manifest_path, arcname=MANIFEST)
            # Renamed only when complete: retention and restore never see half an archive.
            partial.rename(path)
        finally:
            partial.unlink(missing_ok=True)
    prune(output_dir, settings.BACKUP_KEEP if keep is None else keep)
    return Archive(path=path, manifest=manifest, seconds=time.monotonic() - started)


def archives(output_dir: Path) -> list[Path]:
    """The archives in ``output_dir``, oldest first."""
    found = [p for p in output_dir.glob(f"{PREFIX}*{SUFFIX}") if p.is_file()]
    return sorted(found, key=lambda p: (p.stat().st_mtime, p.name))


def prune(output_dir: Path, keep: int) -> list[Path]:
    """Delete the oldest archives beyond the newest ``keep`` (0 keeps all); return them."""
    if keep <= 0:
        return []
    old = archives(output_dir)[:-keep]
    for path in old:
        path.unlink()
    return old


# --- restore ------------------------------------------------------------------------------------


def _extract(archive: Path, into: Path) -> dict[str, Any]:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            # The "data" filter refuses absolute paths, "..", links out of the tree and devices.
            tar.extractall(into, filter="data")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"{archive} is not a readable backup archive: {exc}") from exc
    try:
        manifest: dict[str, Any] = json.loads((into / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{archive} has no readable {MANIFEST}.") from exc
    return manifest


def _verify(manifest: dict[str, Any], root: Path, using: str) -> None:
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown archive format {manifest.get('format')!r}.")
    engine = engine_of(using)
    if manifest.get("engine") != engine:
        raise BackupError(
            f"This archive holds a {manifest.get('engine')} database and this installation "
            f"runs on {engine}: restore it into an installation on {manifest.get('engine')} "
            "(DATABASE_URL), or move the data with dumpdata/loaddata."
        )
    expected: dict[str, Any] = manifest.get("files") or {}
    present = {
        p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() or p.is_symlink()
    } - {MANIFEST}
    if present != set(expected):
        missing, extra = sorted(set(expected) - present), sorted(present - set(expected))
        raise BackupError(
            f"The archive does not match its manifest (missing: {missing[:5]}, "
            f"not listed: {extra[:5]})."
        )
    for name, facts in expected.items():
        path = root / name
        if path.stat().st_size != facts["size"] or _sha256(path) != facts["sha256"]:
            raise BackupError(f"{name} in the archive is damaged: its SHA-256 does not match.")
    if manifest.get("database") != DUMP_FILES[engine]:
        raise BackupError("The archive holds no database dump.")
    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    unknown = sorted(set(manifest.get("migrations") or []) - known)
    if unknown:
        raise BackupError(
            "The archive was made by a newer version of Workrooms (migrations this code does "
            f"not have: {', '.join(unknown[:5])}): install that version first."
        )
    if engine == "sqlite":
        check = sqlite3.connect(root / DUMP_FILES[engine])
        try:
            (result,) = check.execute("PRAGMA integrity_check").fetchone()
        finally:
            check.close()
        if result != "ok":
            raise BackupError(f"The archived SQLite database fails its integrity check: {result}")


def _restore_sqlite(dump: Path, using: str) -> None:
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError("A restore cannot run inside a transaction.")
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        # The backup API in reverse: the live database takes the archived pages as one write,
        # under SQLite's lock, through the connection Django itself uses.
        source.backup(connection.connection)
    finally:
        source.close()


def _restore_postgresql(dump: Path, using: str) -> None:
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError("A restore cannot run inside a transaction.")
    args, env = _pg_command("pg_restore", connection.settings_dict)
    # An idle connection of ours holds no lock, but close it so none is mid-transaction.
    connection.close()
    _run(
        [
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            # All or nothing: an error halfway leaves the database as it was.
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ],
        env,
    )


def _restore_media(root: Path, names: set[str]) -> None:
    """Make ``MEDIA_ROOT`` hold exactly the archived files. Its contents are replaced, not the
    directory itself: in compose it is a volume's mount point."""
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    wanted = set()
    for name in sorted(names):
        relative = name.removeprefix(f"{MEDIA}/")
        target = media_root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        staged = target.with_name(f".{target.name}.restoring")
        shutil.copyfile(root / name, staged)
        staged.replace(target)
        wanted.add(target)
    for path in sorted(media_root.rglob("*"), reverse=True):
        if (path.is_file() or path.is_symlink()) and path not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def _restore_stored(root: Path, names: set[str]) -> None:
    """Make a storage without local paths (an S3 bucket) hold exactly the archived files,
    under their own names."""
    wanted = set()
    for name in sorted(names):
        stored = name.removeprefix(f"{MEDIA}/")
        # The storage never overwrites (it would pick another name): replace explicitly.
        default_storage.delete(stored)
        with (root / name).open("rb") as handle:
            saved = default_storage.save(stored, File(handle))
        if saved != stored:
            raise BackupError(f"{stored} was stored as {saved}: the storage renamed it.")
        wanted.add(stored)
    for stored in list(stored_names(default_storage)):
        if stored not in wanted:
            default_storage.delete(stored)


def backup_restore(archive: Path, *, using: str = "default") -> dict[str, Any]:
    """Replace the database and the uploads (``MEDIA_ROOT`` or the bucket) with ``archive``'s,
    after checking all of it.

    Stop the web server and the workers first in production: a request in flight would write
    into a database being replaced. Returns the manifest; raises ``BackupError`` (changing
    nothing) when a check fails, or after the restore when the rows do not count up.
    """
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"{archive} does not exist.")
    with tempfile.TemporaryDirectory(prefix="workrooms-restore-") as work:
        root = Path(work)
        manifest = _extract(archive, root)
        _verify(manifest, root, using)
        dump = root / manifest["database"]
        if manifest["engine"] == "sqlite":
            _restore_sqlite(dump, using)
        else:
            _restore_postgresql(dump, using)
        media = {n for n in manifest["files"] if n.startswith(f"{MEDIA}/")}
        # An archive made with BACKUP_MEDIA=false leaves the uploads as they are; archives made
        # before the manifest said either way always held them.
        if (manifest.get("media") or {}).get("included", True):
            if is_local(default_storage):
                _restore_media(root, media)
            else:
                _restore_stored(root, media)
    counted = row_counts(using)
    differ = {
        label: (rows, counted.get(label))
        for label, rows in manifest["rows"].items()
        if counted.get(label) != rows
    }
    if differ:
        raise BackupError(f"Restored, but the rows do not match the manifest: {differ}")
    return manifest
