"""factory_boy factories for the shared test world. Areas go through treebeard's manager API."""

import io

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
