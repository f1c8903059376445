"""factory_boy factories for the shared test world. Areas go through treebeard's manager API."""

import io
import zipfile

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts.models import Role, RoleKind, User
from workrooms.models import (
    Area,
    AreaKind,
    ChecklistEntry,
    ChecklistStandard,
    ChecklistStatus,
    Workroom,
    WorkroomLevel,
)

PASSWORD = "Test-pass-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.cn")
    full_name = factory.Sequence(lambda n: f"测试用户{n}")
    password = factory.django.Password(PASSWORD)


class AreaFactory(factory.django.DjangoModelFactory):
    """``AreaFactory(parent=x)`` adds a child of x; without parent, a new root."""

    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"区域{n}")
    kind = AreaKind.DISTRICT
    code = factory.Sequence(lambda n: f"T{n:08d}")

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        if parent is None:
            return model_class.objects.add_root(create_kwargs=kwargs)
        # treebeard keeps the child count on the parent row: a stale copy would clash on paths.
        parent.refresh_from_db()
        child = model_class.objects.add_child(parent, create_kwargs=kwargs)
        parent.refresh_from_db()
        return child


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    user = factory.SubFactory(UserFactory)
    kind = RoleKind.CLERK
    area = factory.SubFactory(AreaFactory)


def standard(name: str = "六有") -> ChecklistStandard:
    """The standards come from a data migration, so they exist in every test database."""
    return ChecklistStandard.objects.get(name=name)


class WorkroomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workroom

    name = factory.Sequence(lambda n: f"测试党代表工作室{n}")
    area = factory.SubFactory(AreaFactory)
    level = WorkroomLevel.SUBDISTRICT
    standard = factory.LazyFunction(standard)
    address = factory.Sequence(lambda n: f"测试路{n}号")


class ChecklistEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistEntry

    workroom = factory.SubFactory(WorkroomFactory)
    item = factory.LazyAttribute(lambda e: e.workroom.standard.items.first())
    status = ChecklistStatus.MET
    note = "已现场核查，符合要求。"
    checked_on = factory.LazyFunction(timezone.localdate)


def png_bytes(size=(8, 8), color=(200, 20, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def png_upload(name: str = "evidence.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def xlsx_bomb(rows: int = 1_200_000, header: str = "") -> bytes:
    """A small xlsx whose sheet expands to tens of MB of blank rows and states no dimension
    (after one row holding ``header`` in its first cell, when given)."""
    first = f'<row r="1"><c r="A1" t="inlineStr"><is><t>{header}</t></is></c></row>'
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet '
        'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + (first if header else "")
        + "".join(f'<row r="{i}"/>' for i in range(2 if header else 1, rows + 1))
        + "</sheetData></worksheet>"
    )
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
            'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()
