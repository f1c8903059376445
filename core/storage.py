"""Uploaded files on any storage: the local disk (the embedded default) or an S3-compatible
bucket (``S3_BUCKET``, settings), written once for every app.

How files leave the storage, whichever it is:

- **Downloads go through the app, after the scope check.** Every view that serves a file (an
  attachment, an evidence, activity, wish or representative's photo, a research report's
  attachment, a monthly report's PDF) fetches its row through the selector, then opens the file
  through the storage (``FieldFile.open``) and streams it with ``FileResponse``. Nothing uses
  ``.path`` (a bucket has none) or ``.url`` (a link to the bucket would outlive the scope check
  and leak to proxies and browser histories): the bucket stays private and is reached only by
  the servers. Redirecting to a short-lived signed address would spare the web worker the bytes
  but needs the bucket reachable by every browser, under the site's CSP, and makes a
  download a link anyone holding it may use for its lifetime; the files are small (10 MB at
  most), so the app serves them.
- **Files a renderer reads** (a representative's photo on a door notice) are handed to it by
  ``embedded_uri``: a ``file://`` address on the disk, a ``data:`` address otherwise.
- **Backups** walk the storage with ``stored_names`` (portal/backup.py).
"""

from __future__ import annotations

import base64
import mimetypes
from collections.abc import Iterator
from pathlib import Path

from django.core.files.storage import Storage, default_storage
from django.db.models.fields.files import FieldFile


def is_local(storage: Storage | None = None) -> bool:
    """True when ``storage`` (default: the uploads') keeps its files on this machine's disk."""
    storage = storage or default_storage
    try:
        storage.path("")
    except NotImplementedError:
        return False
    return True


def describe(storage: Storage | None = None) -> str:
    """Where the uploads live, for messages and the backup's manifest: a folder or a bucket."""
    storage = storage or default_storage
    if is_local(storage):
        return str(Path(storage.path("")))
    bucket = getattr(storage, "bucket_name", "") or type(storage).__name__
    location = getattr(storage, "location", "")
    return f"s3://{bucket}/{location}".rstrip("/")


def embedded_uri(field_file: FieldFile) -> str | None:
    """An address a PDF renderer can read ``field_file`` from, or None when it is missing: the
    file itself on the local disk, its bytes as a ``data:`` address from a bucket."""
    name = field_file.name
    if not field_file or not name:
        return None
    if is_local(field_file.storage):
        path = Path(field_file.path)
        return path.as_uri() if path.is_file() else None
    try:
        with field_file.storage.open(name, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        return None
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return f"data:{content_type};base64,{base64.b64encode(data).decode('ascii')}"


def stored_names(storage: Storage | None = None, folder: str = "") -> Iterator[str]:
    """Every file's name in ``storage`` (default: the uploads'), depth first, sorted."""
    storage = storage or default_storage
    folders, files = storage.listdir(folder)
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for name in sorted(folders):
        yield from stored_names(storage, f"{folder}/{name}" if folder else name)
