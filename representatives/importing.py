"""Importing a roster from Excel: all or nothing.

Every row is checked first (levels, phone, duplicates, workrooms, group leaders, rights); any
problem rejects the whole file with a list of (row, column, problem) and nothing is written.
A representative is recognised by their mobile number, so importing the same file again
updates the records instead of registering everyone twice. Import adds workroom assignments
and changes roles; it never ends an assignment (that is done on the representative's page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import load_workbook

from accounts.scope import has_role_on
from core.errors import DomainError
from core.personal_data import is_masked, is_valid_mobile, normalize_phone
from core.xlsx import WorkbookTooLarge, check_workbook_size, counted_rows, unneutralise
from representatives.excel import (
    COLUMNS,
    IGNORED_HEADERS,
    SHEET_TITLE,
    WORK_FIELD_LABELS,
    Column,
)
from representatives.models import (
    Assignment,
    AssignmentRole,
    Level,
    Representative,
)
from representatives.selectors import MANAGERS, workrooms_managed_by
from representatives.services import assignment_change_role, assignment_start
from workrooms.models import Area, Workroom

MAX_ROWS = 5000
HEADER_SEARCH_ROWS = 10  # offices often put a title row or two above the headers

# Model fields filled from a text column, with the model's length limit checked per cell.
TEXT_FIELDS = [
    "name",
    "electoral_unit",
    "work_unit",
    "post",
    "strengths",
    "contact_point",
    "residence",
    "term",
]

LEVEL_WORDS = {
    "全国": Level.NATIONAL,
    "国": Level.NATIONAL,
    "国家": Level.NATIONAL,
    "省": Level.PROVINCIAL,
    "市": Level.CITY,
    "区": Level.DISTRICT,
    "县": Level.DISTRICT,
    "区县": Level.DISTRICT,
    "县区": Level.DISTRICT,
    "乡镇": Level.TOWN,
    "乡": Level.TOWN,
    "镇": Level.TOWN,
}
GENDER_WORDS = {"男": "M", "女": "F", "M": "M", "F": "F"}
ROLE_WORDS = {
    "": AssignmentRole.MEMBER,
    "成员": AssignmentRole.MEMBER,
    "组员": AssignmentRole.MEMBER,
    "member": AssignmentRole.MEMBER,
    "组长": AssignmentRole.LEADER,
    "leader": AssignmentRole.LEADER,
}
WORK_FIELD_WORDS = (
    {label: value for value, label in WORK_FIELD_LABELS.items()}
    | {
        "卫生健康": "health",
        "医疗": "health",
        "卫生": "health",
        "农业": "agriculture",
        "农村": "agriculture",
        "党政": "government",
        "机关": "government",
        "科研": "science",
        "科学技术": "science",
        "企事业单位": "enterprise",
        "": "other",
    }
    | {value: value for value in WORK_FIELD_LABELS}
)
YES_WORDS = {"是", "y", "yes", "true", "1", "√", "✓"}
NO_WORDS = {"否", "n", "no", "false", "0", "×", "", "none"}
DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"]
SPLIT_RE = re.compile(r"[、,，;；/\n]+")


@dataclass
class RowError:
    row: int | None  # the Excel row number; None for a problem with the whole file
    column: str
    message: str


class ImportRejected(DomainError):
    """The file was not imported; ``errors`` says where and why, row by row."""

    def __init__(self, errors: list[RowError]):
        super().__init__(
            ngettext(
                "The file was not imported: %(count)d problem.",
                "The file was not imported: %(count)d problems.",
                len(errors),
            )
            % {"count": len(errors)}
        )
        self.errors = errors


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    assignments_started: int = 0
    roles_changed: int = 0


@dataclass
class _Row:
    number: int
    raw: dict
    values: dict = field(default_factory=dict)  # model fields from present columns
    phone: str = ""
    # (workroom, role) pairs; workroom None when the name did not resolve
    stations: list[tuple[Workroom, str]] = field(default_factory=list)
    start_date: date | None = None
    existing: Representative | None = None
    rep: Representative | None = None  # the record written


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    # Our exports write "-x" as "'-x" so Excel cannot take it for a formula: read it back as "-x".
    return unneutralise(str(value)).strip()


def _header(value) -> str:
    text = re.sub(r"[\s*＊]", "", _text(value))
    return re.sub(r"[（(]必填[）)]|[（(]选填[）)]", "", text)


def _column_for(header: str) -> Column | None:
    for column in COLUMNS:
        if header == column.header or header in column.aliases:
            return column
    return None


def parse_levels(value) -> tuple[int, list[str]]:
    """Bits of the levels named in a cell ("国、省党代表", "市级", "区（县）"), and the words
    that named no level."""
    bits, unknown = 0, []
    for token in SPLIT_RE.split(_text(value)):
        word = re.sub(r"[（）()\s]", "", token)
        for suffix in ("党代表", "代表", "级"):
            word = word.removesuffix(suffix)
        if not word:
            continue
        level = LEVEL_WORDS.get(word)
        if level is None:
            unknown.append(token.strip())
        else:
            bits |= Level(level).bit
    return bits, unknown


def _parse_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _split(value) -> list[str]:
    return [part.strip() for part in SPLIT_RE.split(_text(value)) if part.strip()]


class RosterImport:
    """One import of one file by one user into one registering area. Use ``import_roster``."""

    def __init__(self, *, actor, area: Area, today: date):
        self.actor = actor
        self.area = area
        self.today = today
        self.errors: list[RowError] = []
        self.present: set[str] = set()
        self.rows: list[_Row] = []

    def error(self, row: int | None, key_or_header: str, message: str) -> None:
        header = next((c.header for c in COLUMNS if c.key == key_or_header), key_or_header)
        self.errors.append(RowError(row, header, message))

    # --- reading ----------------------------------------------------------------------------

    def read(self, upload) -> None:
        try:
            check_workbook_size(upload)
        except WorkbookTooLarge as error:
            self.error(None, "", str(error))
            return
        try:
            workbook = load_workbook(upload, read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds of errors on a damaged or foreign file
            self.error(None, "", _("This is not an Excel .xlsx file, or it is damaged."))
            return
        try:
            sheet = (
                workbook[SHEET_TITLE]
                if SHEET_TITLE in workbook.sheetnames
                else workbook.worksheets[0]
            )
            lines = iter(counted_rows(sheet.iter_rows(values_only=True)))
            header_row, keys = self._find_headers(lines)
            if header_row is None:
                return
            for number, values in enumerate(lines, start=header_row + 1):
                raw = {key: values[i] for i, key in keys.items() if i < len(values)}
                if all(_text(v) == "" for v in raw.values()):
                    continue
                if len(self.rows) >= MAX_ROWS:
                    self.error(
                        None, "", _("The file has more than %(max)d rows.") % {"max": MAX_ROWS}
                    )
                    return
                self.rows.append(_Row(number=number, raw=raw))
        except WorkbookTooLarge as error:
            self.error(None, "", str(error))
        finally:
            workbook.close()
        if not self.rows and not self.errors:
            self.error(None, "", _("The file has no representatives in it."))

    def _find_headers(self, lines) -> tuple[int | None, dict[int, str]]:
        for number, values in enumerate(lines, start=1):
            headers = [_header(v) for v in values]
            if "姓名" in headers:
                return number, self._map_headers(number, headers)
            if number >= HEADER_SEARCH_ROWS:
                break
        self.error(
            None,
            "",
            _("No header row with “姓名” found. Use the template's column headers."),
        )
        return None, {}

    def _map_headers(self, number: int, headers: list[str]) -> dict[int, str]:
        keys: dict[int, str] = {}
        for index, header in enumerate(headers):
            if not header or header in IGNORED_HEADERS:
                continue
            column = _column_for(header)
            if column is None:
                continue  # offices add their own columns (备注, 党龄, ...); they are left alone
            if column.key in self.present:
                self.error(number, header, _("This column appears twice."))
                continue
            self.present.add(column.key)
            keys[index] = column.key
        for column in COLUMNS:
            if column.required and column.key not in self.present:
                self.error(
                    None,
                    column.header,
                    _("The required column “%(column)s” is missing.") % {"column": column.header},
                )
        return keys

    # --- checking ---------------------------------------------------------------------------

    def check(self) -> None:
        for row in self.rows:
            self._check_cells(row)
        self._check_duplicates()
        self._load_existing()
        managed = {}
        for workroom in workrooms_managed_by(self.actor).select_related("area"):
            managed.setdefault(workroom.name, []).append(workroom)
        for row in self.rows:
            self._check_stations(row, managed)
            self._check_rights(row)
        self._check_leaders()

    def _check_cells(self, row: _Row) -> None:
        raw, n = row.raw, row.number
        for key in TEXT_FIELDS:
            if key not in self.present:
                continue
            text = _text(raw.get(key))
            limit = Representative._meta.get_field(key).max_length
            if len(text) > limit:
                self.error(n, key, _("Longer than %(limit)d characters.") % {"limit": limit})
            row.values[key] = text
        if "name" in row.values and not row.values["name"]:
            self.error(n, "name", _("The name is missing."))

        bits, unknown = parse_levels(raw.get("levels"))
        if unknown:
            self.error(
                n,
                "levels",
                _("Unknown level “%(value)s”. Use 全国, 省, 市, 区 or 乡镇.")
                % {"value": "、".join(unknown)},
            )
        elif not bits:
            self.error(n, "levels", _("The level is missing."))
        row.values["levels"] = bits

        phone_cell = _text(raw.get("phone"))
        row.phone = normalize_phone(phone_cell)
        if not phone_cell:
            self.error(n, "phone", _("The mobile number is missing."))
        elif is_masked(phone_cell):
            self.error(
                n,
                "phone",
                _("“%(value)s” is a masked number. Enter the full mobile number.")
                % {"value": phone_cell},
            )
        elif not is_valid_mobile(row.phone):
            self.error(
                n,
                "phone",
                _("“%(value)s” is not an 11-digit mobile number.") % {"value": phone_cell},
            )
        row.values["phone"] = row.phone

        if "gender" in self.present:
            word = _text(raw.get("gender"))
            if word and word.upper() not in GENDER_WORDS and word not in GENDER_WORDS:
                self.error(n, "gender", _("Write 男 or 女, not “%(value)s”.") % {"value": word})
            row.values["gender"] = GENDER_WORDS.get(word, GENDER_WORDS.get(word.upper(), ""))
        if "work_field" in self.present:
            word = _text(raw.get("work_field"))
            if word not in WORK_FIELD_WORDS:
                self.error(
                    n,
                    "work_field",
                    _("Unknown work field “%(value)s”. Use one of: %(choices)s.")
                    % {"value": word, "choices": "、".join(WORK_FIELD_LABELS.values())},
                )
            row.values["work_field"] = WORK_FIELD_WORDS.get(word, "other")
        if "is_leading_cadre" in self.present:
            word = _text(raw.get("is_leading_cadre")).lower()
            if word not in YES_WORDS | NO_WORDS:
                self.error(
                    n, "is_leading_cadre", _("Write 是 or 否, not “%(value)s”.") % {"value": word}
                )
            row.values["is_leading_cadre"] = word in YES_WORDS

        row.start_date = self.today
        if _text(raw.get("start_date")):
            try:
                row.start_date = _parse_date(raw.get("start_date"))
            except ValueError:
                self.error(
                    n,
                    "start_date",
                    _("“%(value)s” is not a date. Write it as 2024-03-01.")
                    % {"value": _text(raw.get("start_date"))},
                )

    def _check_duplicates(self) -> None:
        first_row: dict[str, int] = {}
        for row in self.rows:
            if not row.phone:
                continue
            if row.phone in first_row:
                self.error(
                    row.number,
                    "phone",
                    _("The same mobile number as row %(row)d: a representative is listed twice.")
                    % {"row": first_row[row.phone]},
                )
            else:
                first_row[row.phone] = row.number

    def _load_existing(self) -> None:
        phones = [row.phone for row in self.rows if row.phone]
        existing = {
            rep.phone: rep
            for rep in Representative.objects.filter(phone__in=phones)
            .select_related("area")
            .prefetch_related("assignments__workroom__area")
        }
        self.visible = set(
            Representative.objects.visible_to(self.actor)
            .filter(pk__in=[rep.pk for rep in existing.values()])
            .values_list("pk", flat=True)
        )
        for row in self.rows:
            row.existing = existing.get(row.phone)
            if row.existing is not None:
                row.existing.open = {
                    a.workroom_id: a
                    for a in row.existing.assignments.all()
                    if a.is_current_on(self.today)
                }

    def _check_stations(self, row: _Row, managed: dict[str, list[Workroom]]) -> None:
        names = _split(row.raw.get("workrooms"))
        roles = _split(row.raw.get("roles"))
        if roles and not names:
            self.error(row.number, "roles", _("A role is given but no workroom."))
            return
        if len(roles) > 1 and len(roles) != len(names):
            self.error(
                row.number,
                "roles",
                _("Give one role for every workroom listed, or one role for all of them."),
            )
            return
        roles = roles or [""]
        if len(roles) == 1:
            roles = roles * len(names)
        current_by_name = {}
        if row.existing is not None:
            current_by_name = {a.workroom.name: a.workroom for a in row.existing.open.values()}
        seen = set()
        for name, role_word in zip(names, roles, strict=True):
            role = ROLE_WORDS.get(role_word.lower() if role_word.isascii() else role_word)
            if role is None:
                self.error(
                    row.number,
                    "roles",
                    _("Write 成员 or 组长, not “%(value)s”.") % {"value": role_word},
                )
                continue
            candidates = managed.get(name, [])
            if name in current_by_name:
                workroom = current_by_name[name]
            elif len(candidates) == 1:
                workroom = candidates[0]
            elif candidates:
                self.error(
                    row.number,
                    "workrooms",
                    _("Several workrooms are called “%(name)s”.") % {"name": name},
                )
                continue
            else:
                self.error(
                    row.number,
                    "workrooms",
                    _("Unknown workroom “%(name)s”, or not one you look after.") % {"name": name},
                )
                continue
            if workroom.pk in seen:
                self.error(
                    row.number, "workrooms", _("“%(name)s” is listed twice.") % {"name": name}
                )
                continue
            seen.add(workroom.pk)
            row.stations.append((workroom, role))

    def _changes(self, row: _Row) -> tuple[bool, bool]:
        """(record changes, assignment changes) an existing representative's row would make."""
        rep = row.existing
        record = any(getattr(rep, key) != value for key, value in row.values.items())
        stations = any(
            workroom.pk not in rep.open or rep.open[workroom.pk].role != role
            for workroom, role in row.stations
        )
        return record, stations

    def _check_rights(self, row: _Row) -> None:
        rep = row.existing
        if rep is None:
            return
        record, stations = self._changes(row)
        if rep.pk not in self.visible:
            # Said the same way whatever the record holds: we do not reveal other offices' data.
            self.error(
                row.number,
                "phone",
                _("This mobile number belongs to a representative registered by another office."),
            )
            return
        if record and not has_role_on(self.actor, rep.area, *MANAGERS):
            self.error(
                row.number,
                "phone",
                _("%(name)s is registered by %(area)s; only that office may change the record.")
                % {"name": rep.name, "area": rep.area.name},
            )
        if stations:
            for workroom, role in row.stations:
                current = rep.open.get(workroom.pk)
                changes = current is None or current.role != role
                if changes and not has_role_on(self.actor, workroom.area, *MANAGERS):
                    self.error(
                        row.number,
                        "workrooms",
                        _("You may not change the representatives of “%(name)s”.")
                        % {"name": workroom.name},
                    )

    def _check_leaders(self) -> None:
        """At most one current group leader per workroom, counting the file and the database:
        a leader the file makes a member no longer counts."""
        claims: dict[int, list[_Row]] = {}
        demoted: set[tuple[int, int]] = set()  # (workroom, representative)
        workrooms: dict[int, Workroom] = {}
        for row in self.rows:
            for workroom, role in row.stations:
                workrooms[workroom.pk] = workroom
                if role == AssignmentRole.LEADER:
                    claims.setdefault(workroom.pk, []).append(row)
                elif row.existing is not None:
                    demoted.add((workroom.pk, row.existing.pk))
        if not claims:
            return
        leaders = (
            Assignment.objects.current(self.today)
            .filter(workroom_id__in=list(claims), role=AssignmentRole.LEADER)
            .select_related("representative")
        )
        for leader in leaders:
            if (leader.workroom_id, leader.representative_id) in demoted:
                continue
            for row in claims[leader.workroom_id]:
                if row.existing is None or row.existing.pk != leader.representative_id:
                    self.error(
                        row.number,
                        "roles",
                        _(
                            "%(name)s is already the group leader of %(workroom)s. "
                            "Change or end that assignment first."
                        )
                        % {
                            "name": leader.representative.name,
                            "workroom": workrooms[leader.workroom_id].name,
                        },
                    )
        for workroom_pk, rows in claims.items():
            if len(rows) > 1:
                for row in rows:
                    self.error(
                        row.number,
                        "roles",
                        _("The file names more than one group leader for %(workroom)s.")
                        % {"workroom": workrooms[workroom_pk].name},
                    )

    # --- writing ----------------------------------------------------------------------------

    def write(self) -> ImportResult:
        result = ImportResult()
        with transaction.atomic():
            for row in self.rows:
                self._write_record(row, result)
            # Members first: a leader the file demotes makes room for the one it names.
            for wanted in (AssignmentRole.MEMBER, AssignmentRole.LEADER):
                for row in self.rows:
                    for workroom, role in row.stations:
                        if role == wanted:
                            self._write_station(row, workroom, role, result)
            if self.errors:
                raise ImportRejected(self.errors)  # rolls back everything written above
        return result

    def _write_record(self, row: _Row, result: ImportResult) -> None:
        rep = row.existing
        if rep is None:
            rep = Representative(area=self.area, **row.values)
            result.created += 1
        else:
            record, stations = self._changes(row)
            if not record:
                if stations:
                    result.updated += 1
                else:
                    result.unchanged += 1
                row.rep = rep
                return
            for key, value in row.values.items():
                setattr(rep, key, value)
            result.updated += 1
        try:
            with transaction.atomic():
                rep.save()
        except IntegrityError:
            self.error(
                row.number,
                "phone",
                _("Another representative with this phone number was saved at the same moment."),
            )
        row.rep = rep

    def _write_station(self, row: _Row, workroom: Workroom, role: str, result) -> None:
        rep = row.rep
        current = rep.open.get(workroom.pk) if row.existing is not None else None
        try:
            if current is None:
                assignment_start(
                    representative=rep,
                    workroom=workroom,
                    role=role,
                    start_date=row.start_date,
                    actor=self.actor,
                )
                result.assignments_started += 1
            elif current.role != role:
                assignment_change_role(
                    assignment=current,
                    role=role,
                    on=max(self.today, current.start_date),
                    actor=self.actor,
                )
                result.roles_changed += 1
        except DomainError as error:
            self.error(row.number, "workrooms", str(error))


def import_roster(*, upload, area: Area, actor, today: date | None = None) -> ImportResult:
    """Import an Excel roster into the registry, all or nothing.

    New representatives are registered in ``area``; existing ones (same mobile number) are
    updated where the file differs. Raises ``ImportRejected`` with every problem found, and
    then nothing has been written.
    """
    job = RosterImport(actor=actor, area=area, today=today or timezone.localdate())
    job.read(upload)
    if job.errors:
        raise ImportRejected(job.errors)
    job.check()
    if job.errors:
        raise ImportRejected(job.errors)
    return job.write()
