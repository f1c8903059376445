"""Factories for requests (诉求). Shared by every petitions test module, the pages' included.

A request never gets its state set by hand here: ``PetitionFactory`` calls ``workflow.register``
and ``advance`` walks it through the real workflow functions, so every fixture carries the
events, deadline and version the workflow would give it.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import RoleKind
from petitions import workflow
from petitions.models import (
    Category,
    Channel,
    EventKind,
    Petition,
    ReplyMethod,
    Resolution,
    Satisfaction,
    State,
    Triage,
)
from tests.factories import RoleFactory, UserFactory, WorkroomFactory, png_bytes

# The order of the six steps, as ``advance`` walks them.
PATH = [
    State.REGISTERED,
    State.RECEIVED,
    State.HANDLED,
    State.REPLIED,
    State.FEEDBACK,
    State.ARCHIVED,
]


def staff_of(workroom, *, kind=RoleKind.CLERK, **user_fields):
    """A new user holding ``kind`` on the workroom's area (who may act on its requests)."""
    user = UserFactory(**user_fields)
    RoleFactory(user=user, kind=kind, area=workroom.area)
    return user


class PetitionFactory(factory.django.DjangoModelFactory):
    """``PetitionFactory(workroom=wr.a, registered_by=clerk_a)``: a request just registered.

    Without ``registered_by`` a clerk of the workroom's area is made up. ``registered_at`` may be
    given to date the request in the past (it also dates the register event): for lists, filters
    and reports that need requests spread over time.
    """

    class Meta:
        model = Petition

    workroom = factory.SubFactory(WorkroomFactory)
    resident_name = factory.Iterator(["王秀英", "李建国", "张桂兰", "刘伟", "陈静", "杨志强"])
    resident_phone = factory.Sequence(lambda n: f"138{n:08d}")
    resident_address = factory.Sequence(lambda n: f"兴善小区{n % 20 + 1}号楼2单元30{n % 9 + 1}室")
    resident_is_party_member = False
    anonymous_publicly = False
    channel = Channel.VISIT
    category = Category.PROPERTY
    title = factory.Iterator(["小区路灯不亮", "楼道堆放杂物", "停车位不足", "老年食堂就餐"])
    content = "居民反映小区北门路灯损坏已一周，夜间出行不便，希望尽快维修。"

    @classmethod
    def _create(cls, model_class, *args, registered_by=None, registered_at=None, **kwargs):
        workroom = kwargs.pop("workroom")
        actor = registered_by or staff_of(workroom)
        petition = workflow.register(workroom=workroom, actor=actor, **kwargs)
        if registered_at is not None:
            backdate(petition, registered_at)
        return petition


def backdate(petition: Petition, when: datetime) -> Petition:
    """Date a freshly registered request (and its register event) in the past. Test setup only."""
    Petition.objects.filter(pk=petition.pk).update(registered_at=when)
    petition.history.filter(action=EventKind.REGISTER).update(at=when)
    petition.registered_at = when
    return petition


def advance(
    petition: Petition,
    to: str,
    *,
    actor,
    handler=None,
    triage: str = Triage.TIME_LIMITED,
) -> Petition:
    """Walk ``petition`` through the workflow up to state ``to``, each step made by ``actor``.

    ``handler`` (default ``actor``) is named at reception. The return visit is "satisfied,
    solved"; archiving needs a staff ``actor`` (clerk, liaison office or admin).
    """
    handler = handler or actor
    steps = {
        State.RECEIVED: lambda p: workflow.receive(p, actor=actor, triage=triage, handler=handler),
        State.HANDLED: lambda p: workflow.handle(
            p, actor=actor, result="已联系物业，当天修复路灯。"
        ),
        State.REPLIED: lambda p: workflow.reply(
            p, actor=actor, content="已电话告知居民路灯已修好。", method=ReplyMethod.PHONE
        ),
        State.FEEDBACK: lambda p: workflow.feedback(
            p, actor=actor, satisfaction=Satisfaction.SATISFIED, resolution=Resolution.SOLVED
        ),
        State.ARCHIVED: lambda p: workflow.archive(p, actor=actor),
    }
    for state in PATH[PATH.index(petition.state) + 1 : PATH.index(to) + 1]:
        petition = steps[state](petition)
    return petition


def make_petition(state: str = State.REGISTERED, *, workroom, actor, handler=None, **fields):
    """A request registered at ``workroom`` by ``actor`` and carried to ``state``."""
    petition = PetitionFactory(workroom=workroom, registered_by=actor, **fields)
    return advance(petition, state, actor=actor, handler=handler)


# --- uploads ----------------------------------------------------------------------------------


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def _office_zip(main_part: str, content_type: str) -> bytes:
    """A minimal Office Open XML package: what Word/Excel write, reduced to what we check."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Override PartName="/{main_part}" ContentType="{content_type}"/></Types>',
        )
        archive.writestr(main_part, "<xml/>")
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return _office_zip(
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    )


def xlsx_bytes() -> bytes:
    return _office_zip(
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    )


def pdf_upload(name: str = "回复函.pdf"):
    return upload(name, pdf_bytes(), "application/pdf")


def docx_upload(name: str = "情况说明.docx"):
    return upload(name, docx_bytes())


def xlsx_upload(name: str = "走访记录.xlsx"):
    return upload(name, xlsx_bytes())


def photo_upload(name: str = "现场照片.png"):
    return upload(name, png_bytes(), "image/png")
