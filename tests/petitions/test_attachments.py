"""Attachments: the type is read from the content, the size is limited, the file is stored under
a name of ours, and adding one is a workflow move (recorded, refused on archived requests)."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from core.errors import Conflict, DomainError
from core.uploads import validate_attachment
from petitions.attachments import attachment_add
from petitions.models import Attachment, EventKind, Petition
from tests.petitions.factories import (
    docx_upload,
    pdf_bytes,
    pdf_upload,
    photo_upload,
    upload,
    xlsx_upload,
)


def image_upload(name, fmt):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 120, 60)).save(buffer, format=fmt)
    return upload(name, buffer.getvalue())


def zip_upload(name, files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, text in files.items():
            archive.writestr(path, text)
    return upload(name, buffer.getvalue())


def stored(media_root):
    return sorted(p.name for p in media_root.rglob("*") if p.is_file())


@pytest.mark.parametrize(
    ("make", "content_type", "extension"),
    [
        (lambda: image_upload("现场.jpg", "JPEG"), "image/jpeg", ".jpg"),
        (lambda: photo_upload(), "image/png", ".png"),
        (lambda: image_upload("现场.webp", "WEBP"), "image/webp", ".webp"),
        (lambda: pdf_upload(), "application/pdf", ".pdf"),
        (
            lambda: docx_upload(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".docx",
        ),
        (
            lambda: xlsx_upload(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".xlsx",
        ),
    ],
)
def test_each_accepted_type_is_stored_and_recorded(
    make, content_type, extension, received, clerk_a, media_root
):
    file = make()
    before = received.version
    attachment = attachment_add(received, actor=clerk_a, upload=file)

    assert attachment.content_type == content_type
    assert attachment.original_name == file.name
    assert attachment.size == file.size
    assert attachment.uploaded_by == clerk_a
    # Stored under a random name with the extension of what it really is.
    assert attachment.file.name.startswith(f"petitions/{received.pk}/")
    assert attachment.file.name.endswith(extension)
    assert file.name not in attachment.file.name
    assert stored(media_root) == [attachment.file.name.rsplit("/", 1)[1]]

    fresh = Petition.objects.get(pk=received.pk)
    assert fresh.version == before + 1
    event = fresh.history.get(action=EventKind.ATTACHMENT)
    assert event.actor == clerk_a
    assert event.data["file_name"] == file.name
    assert event.data["attachment"] == attachment.pk


def test_a_pdf_named_like_a_photo_is_kept_as_a_pdf(received, clerk_a):
    attachment = attachment_add(received, actor=clerk_a, upload=upload("照片.jpg", pdf_bytes()))
    assert attachment.content_type == "application/pdf"
    assert attachment.file.name.endswith(".pdf")


@pytest.mark.parametrize(
    "make",
    [
        lambda: upload("病毒.pdf", b"MZ\x90\x00" + b"\x00" * 100),
        lambda: upload("说明.txt", "这是一段文字".encode()),
        lambda: upload("页面.docx", b"<html><body>not a document</body></html>"),
        lambda: zip_upload("压缩包.docx", {"readme.txt": "hello"}),
        lambda: zip_upload(
            "宏.docm",
            {
                "[Content_Types].xml": '<Types><Override PartName="/word/document.xml" '
                'ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
            },
        ),
        lambda: zip_upload(
            "演示.pptx",
            {
                "[Content_Types].xml": '<Types><Override PartName="/ppt/presentation.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.presentationml'
                '.presentation.main+xml"/></Types>',
            },
        ),
        lambda: upload("截断.png", photo_upload().read()[:40]),
        lambda: image_upload("动图.gif", "GIF"),
        lambda: upload("空.pdf", b""),
    ],
    ids=["exe", "text", "html", "plain-zip", "macro", "pptx", "broken-png", "gif", "empty"],
)
def test_other_content_is_refused_whatever_its_name(make, received, clerk_a, media_root):
    with pytest.raises(DomainError):
        attachment_add(received, actor=clerk_a, upload=make())
    assert not Attachment.objects.exists()
    assert stored(media_root) == []
    fresh = Petition.objects.get(pk=received.pk)
    assert (fresh.version, fresh.history.filter(action=EventKind.ATTACHMENT).count()) == (
        received.version,
        0,
    )


def test_files_over_the_limit_are_refused(received, clerk_a, settings):
    settings.UPLOAD_MAX_ATTACHMENT_BYTES = 50
    with pytest.raises(DomainError):
        attachment_add(received, actor=clerk_a, upload=pdf_upload())
    assert not Attachment.objects.exists()


def test_the_default_limit_is_ten_megabytes():
    big = upload("大文件.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError) as refused:
        validate_attachment(big)
    assert refused.value.code == "too_large"
    just_fits = upload("刚好.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024 - 5))
    assert validate_attachment(just_fits) == ("application/pdf", ".pdf")


def test_photos_keep_the_photo_limit(received, clerk_a, settings):
    settings.UPLOAD_MAX_IMAGE_BYTES = 20
    with pytest.raises(DomainError):
        attachment_add(received, actor=clerk_a, upload=photo_upload())


def test_an_archived_request_takes_no_attachment(archived, clerk_a, media_root):
    with pytest.raises(DomainError):
        attachment_add(archived, actor=clerk_a, upload=pdf_upload())
    assert stored(media_root) == []


def test_a_user_without_a_role_at_the_workroom_cannot_attach(received, clerk_b, media_root):
    with pytest.raises(DomainError):
        attachment_add(received, actor=clerk_b, upload=pdf_upload())
    assert stored(media_root) == []


def test_a_stale_page_cannot_attach(received, clerk_a, media_root):
    seen = received.version
    stale = Petition.objects.get(pk=received.pk)
    attachment_add(received, actor=clerk_a, upload=pdf_upload())
    with pytest.raises(Conflict):
        attachment_add(stale, actor=clerk_a, upload=pdf_upload(), version=seen)
    assert Attachment.objects.count() == 1
    assert len(stored(media_root)) == 1


def test_a_representative_may_attach_to_a_registered_request(registered, representative):
    attachment_add(registered, actor=representative, upload=photo_upload())
    assert registered.attachments.count() == 1
