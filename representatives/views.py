from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import require_role_on, role_required
from accounts.scope import has_role, has_role_on
from core import audit
from core.errors import DomainError, show_error
from core.once import submit_once
from core.xlsx import CHUNK, xlsx_response
from representatives import excel
from representatives.filters import RepresentativeFilter
from representatives.forms import (
    AssignmentEndForm,
    AssignmentForm,
    AssignmentRoleForm,
    CreateAccountForm,
    ImportForm,
    LinkUserForm,
    RepresentativeForm,
)
from representatives.importing import ImportRejected, import_roster
from representatives.models import Assignment, Representative
from representatives.selectors import (
    MANAGERS,
    can_manage,
    can_see_phone,
    current_assignments,
    get_representative,
    past_assignments,
    phone_for,
    representative_for_user,
    representatives_visible_to,
    workroom_level_breakdown,
    workrooms_managed_by,
)
from representatives.services import (
    assignment_change_role,
    assignment_end,
    assignment_start,
    representative_create_account,
    representative_link_user,
    representative_save,
    representative_unlink_user,
)
from workrooms.selectors import get_workroom

PAGE_SIZE = 25


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _filtered(request):
    return RepresentativeFilter(
        request.GET, queryset=representatives_visible_to(request.user), request=request
    )


@login_required
def representative_list(request):
    filterset = _filtered(request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for representative in page:
        representative.phone_shown = phone_for(request.user, representative)
    audit.log_read(
        Representative,
        [r.pk for r in page if r.phone and can_see_phone(request.user, r)],
        actor=request.user,
        where="representatives list",
    )
    return render(
        request,
        "representatives/representative_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": _query_without_page(request),
            "can_manage": has_role(request.user, *MANAGERS),
        },
    )


@role_required(*MANAGERS)
@require_GET
def representative_export(request):
    """The filtered list as an Excel roster, in the import template's columns."""
    representatives = _filtered(request).qs.iterator(chunk_size=CHUNK)
    in_full: list[int] = []

    def row(rep):
        if rep.phone and can_see_phone(request.user, rep):
            in_full.append(rep.pk)
        return excel.export_row(rep, phone=phone_for(request.user, rep))

    sheets = excel.export_sheets(row(rep) for rep in representatives)
    response = xlsx_response(f"党代表名册-{timezone.localdate():%Y%m%d}.xlsx", sheets)
    audit.log_export(
        Representative,
        actor=request.user,
        rows=sheets[0].written,
        query=request.GET.urlencode(),
        personal=in_full,
    )
    return response


@role_required(*MANAGERS)
@require_GET
def import_template(request):
    return xlsx_response("党代表名册导入模板.xlsx", excel.template_sheets())


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def representative_import(request):
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            result = import_roster(
                upload=form.cleaned_data["file"],
                area=form.cleaned_data["area"],
                actor=request.user,
            )
        except ImportRejected as rejected:
            errors = rejected.errors
        else:
            messages.success(
                request,
                _(
                    "Imported: %(created)d new, %(updated)d updated, %(unchanged)d unchanged; "
                    "%(started)d workroom assignments added, %(roles)d roles changed."
                )
                % {
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "started": result.assignments_started,
                    "roles": result.roles_changed,
                },
            )
            return redirect("representatives:list")
    return render(
        request,
        "representatives/import.html",
        {"form": form, "errors": errors},
        status=400 if errors else 200,
    )


@login_required
def representative_detail(request, pk):
    representative = get_representative(request.user, pk)
    manager = can_manage(request.user, representative)
    for assignment in representative.all_assignments:
        # Staff of the workroom or of the representative's own area may end it or change role.
        assignment.can_change = assignment.end_date is None and (
            manager or has_role_on(request.user, assignment.workroom.area, *MANAGERS)
        )
    if representative.phone and can_see_phone(request.user, representative):
        audit.log_read(
            Representative, [representative.pk], actor=request.user, where="representative page"
        )
    return render(
        request,
        "representatives/representative_detail.html",
        {
            "representative": representative,
            "phone": phone_for(request.user, representative),
            "phone_in_full": can_see_phone(request.user, representative),
            "can_manage": manager,
            "can_assign": workrooms_managed_by(request.user).exists(),
            "today": timezone.localdate(),
        },
    )


@login_required
def my_record(request):
    """A representative's own page, from the menu or a bookmark."""
    representative = representative_for_user(request.user)
    if representative is None:
        raise Http404
    return redirect("representatives:detail", pk=representative.pk)


@login_required
def representative_photo(request, pk):
    """The photo, served only to users who may see the representative."""
    representative = get_representative(request.user, pk)
    if not representative.photo:
        raise Http404
    try:
        handle = representative.photo.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle)
    response["Cache-Control"] = "private, max-age=3600"
    return response


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def representative_create(request):
    form = RepresentativeForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST":
        try:
            answer = submit_once(
                request,
                form,
                lambda: _representative_create(form, request.user),
                to=lambda rep: reverse("representatives:detail", args=[rep.pk]),
                done=lambda rep: _("%(name)s has been registered.") % {"name": rep.name},
            )
        except DomainError as error:
            form.add_error("phone", str(error))
        else:
            if answer is not None:
                return answer
    return render(request, "representatives/representative_form.html", {"form": form})


def _representative_create(form, actor) -> Representative:
    representative = form.save(commit=False)
    representative_save(representative=representative, actor=actor)
    return representative


@require_http_methods(["GET", "POST"])
@login_required
def representative_edit(request, pk):
    representative = get_representative(request.user, pk)
    require_role_on(request.user, representative.area, *MANAGERS)
    old_photo = representative.photo.name
    form = RepresentativeForm(
        request.POST or None, request.FILES or None, instance=representative, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        representative = form.save(commit=False)
        try:
            representative_save(
                representative=representative, actor=request.user, old_photo=old_photo
            )
        except DomainError as error:
            form.add_error("phone", str(error))
        else:
            messages.success(request, _("The record has been saved."))
            return redirect("representatives:detail", pk=representative.pk)
    return render(
        request,
        "representatives/representative_form.html",
        {"form": form, "representative": representative},
    )


@require_http_methods(["GET", "POST"])
@login_required
def assignment_create(request, pk):
    """Station the representative at a workroom the user looks after."""
    representative = get_representative(request.user, pk)
    if not workrooms_managed_by(request.user).exists():
        raise PermissionDenied
    form = AssignmentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            assignment_start(
                representative=representative,
                workroom=form.cleaned_data["workroom"],
                role=form.cleaned_data["role"],
                start_date=form.cleaned_data["start_date"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(name)s is now stationed at %(workroom)s.")
                % {"name": representative.name, "workroom": form.cleaned_data["workroom"].name},
            )
            return redirect("representatives:detail", pk=representative.pk)
    return render(
        request,
        "representatives/assignment_form.html",
        {"form": form, "representative": representative},
    )


def _assignment_for_change(request, pk, assignment_pk) -> Assignment:
    """An assignment of a representative the user sees, which the user may change: staff of the
    workroom's area or of the representative's."""
    representative = get_representative(request.user, pk)
    assignment = next((a for a in representative.all_assignments if a.pk == assignment_pk), None)
    if assignment is None:
        raise Http404
    if not (
        has_role_on(request.user, assignment.workroom.area, *MANAGERS)
        or can_manage(request.user, representative)
    ):
        raise PermissionDenied
    assignment.representative = representative
    return assignment


@require_POST
@login_required
def assignment_end_view(request, pk, assignment_pk):
    assignment = _assignment_for_change(request, pk, assignment_pk)
    form = AssignmentEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the last day as a date."))
    else:
        try:
            assignment_end(
                assignment=assignment, end_date=form.cleaned_data["end_date"], actor=request.user
            )
        except DomainError as error:
            show_error(request, error)
        else:
            messages.success(
                request,
                _("The assignment at %(workroom)s ends on %(date)s.")
                % {
                    "workroom": assignment.workroom.name,
                    "date": form.cleaned_data["end_date"].isoformat(),
                },
            )
    return redirect("representatives:detail", pk=pk)


@require_POST
@login_required
def assignment_role_view(request, pk, assignment_pk):
    assignment = _assignment_for_change(request, pk, assignment_pk)
    form = AssignmentRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role and the date it takes effect."))
    else:
        try:
            changed = assignment_change_role(
                assignment=assignment,
                role=form.cleaned_data["role"],
                on=form.cleaned_data["on"],
                actor=request.user,
            )
        except DomainError as error:
            show_error(request, error)
        else:
            messages.success(
                request,
                _("%(name)s is now %(role)s at %(workroom)s.")
                % {
                    "name": assignment.representative.name,
                    "role": changed.get_role_display(),
                    "workroom": assignment.workroom.name,
                },
            )
    return redirect("representatives:detail", pk=pk)


def _manageable_representative(request, pk) -> Representative:
    representative = get_representative(request.user, pk)
    require_role_on(request.user, representative.area, *MANAGERS)
    return representative


@require_http_methods(["GET", "POST"])
@login_required
def account_link(request, pk):
    """Link an existing account, or create one, so the representative can sign in."""
    representative = _manageable_representative(request, pk)
    link_form = LinkUserForm(request.POST or None, actor=request.user)
    if request.method == "POST" and link_form.is_valid():
        try:
            representative_link_user(
                representative=representative,
                user=link_form.cleaned_data["user"],
                actor=request.user,
            )
        except DomainError as error:
            link_form.add_error(None, str(error))
        else:
            messages.success(request, _("The account has been linked."))
            return redirect("representatives:detail", pk=representative.pk)
    return render(
        request,
        "representatives/account_form.html",
        {
            "representative": representative,
            "link_form": link_form,
            "create_form": CreateAccountForm(),
        },
    )


@require_POST
@login_required
def account_create(request, pk):
    representative = _manageable_representative(request, pk)
    form = CreateAccountForm(request.POST)
    if form.is_valid():
        try:
            user = representative_create_account(
                representative=representative,
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The account %(username)s has been created and linked.")
                % {"username": user.username},
            )
            return redirect("representatives:detail", pk=representative.pk)
    return render(
        request,
        "representatives/account_form.html",
        {
            "representative": representative,
            "link_form": LinkUserForm(actor=request.user),
            "create_form": form,
        },
        status=400,
    )


@require_POST
@login_required
def account_unlink(request, pk):
    representative = _manageable_representative(request, pk)
    try:
        representative_unlink_user(representative=representative, actor=request.user)
    except DomainError as error:
        show_error(request, error)
    else:
        messages.success(request, _("The account has been unlinked; it still exists."))
    return redirect("representatives:detail", pk=representative.pk)


@login_required
def workroom_representatives(request, pk):
    """A workroom's resident representatives today, counted by level, and its history."""
    workroom = get_workroom(request.user, pk)
    current = list(
        current_assignments(workroom)
        .select_related("representative__area")
        .prefetch_related(
            Prefetch(
                "representative__assignments",
                queryset=Assignment.objects.current().select_related("workroom__area"),
                to_attr="current_assignments",
            )
        )
    )
    for assignment in current:
        assignment.phone_shown = phone_for(request.user, assignment.representative)
    audit.log_read(
        Representative,
        [
            a.representative_id
            for a in current
            if a.representative.phone and can_see_phone(request.user, a.representative)
        ],
        actor=request.user,
        where="workroom representatives",
    )
    return render(
        request,
        "representatives/workroom_representatives.html",
        {
            "workroom": workroom,
            "current": current,
            "breakdown": workroom_level_breakdown(workroom),
            "past": past_assignments(workroom)[:50],
            "can_manage": has_role_on(request.user, workroom.area, *MANAGERS),
        },
    )
