from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import RoleKind
from accounts.permissions import require_role_on, role_required
from accounts.scope import has_role, has_role_on, root_paths
from core.errors import Conflict, show_error
from workrooms.filters import WorkroomFilter
from workrooms.forms import ChecklistEntryForm, WorkroomForm
from workrooms.models import ChecklistEntry
from workrooms.selectors import (
    areas_visible_to,
    checklist_rows,
    get_workroom,
    workrooms_visible_to,
)
from workrooms.services import checklist_entry_save

EDITORS = (RoleKind.CLERK, RoleKind.ADMIN)
# The liaison office inspects workrooms against their standard, so it may record checks too.
INSPECTORS = (RoleKind.CLERK, RoleKind.LIAISON_OFFICE, RoleKind.ADMIN)
# Who prints a whole area's door notices at once.
OFFICE = (RoleKind.LIAISON_OFFICE, RoleKind.ADMIN)
PAGE_SIZE = 25


@login_required
def area_tree(request):
    areas = list(areas_visible_to(request.user))
    top = min((a.depth for a in areas), default=1)
    for area in areas:
        area.indent = area.depth - top
    return render(request, "workrooms/area_tree.html", {"areas": areas})


@login_required
def workroom_list(request):
    filterset = WorkroomFilter(
        request.GET, queryset=workrooms_visible_to(request.user), request=request
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "workrooms/workroom_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": _query_without_page(request),
            "notice_areas": _notice_areas(request, filterset),
        },
    )


def _notice_areas(request, filterset) -> list:
    """Whose door notices the liaison office may print as one PDF from the list: the area
    filtered on, else each area its role covers (the top areas for a superuser)."""
    if not has_role(request.user, *OFFICE):
        return []
    chosen = filterset.form.cleaned_data.get("area") if filterset.is_valid() else None
    if chosen is not None:
        return [chosen] if has_role_on(request.user, chosen, *OFFICE) else []
    roots = root_paths(request.user, OFFICE)
    areas = areas_visible_to(request.user, kinds=OFFICE)
    return list(areas.filter(depth=1) if roots is None else areas.filter(path__in=roots))


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def workroom_detail(request, pk):
    workroom = get_workroom(request.user, pk)
    return render(
        request,
        "workrooms/workroom_detail.html",
        {
            "workroom": workroom,
            "checklist": checklist_rows(workroom),
            "liaison_officers": workroom.liaison_officers.order_by("full_name", "username"),
            "can_edit": has_role_on(request.user, workroom.area, *EDITORS),
            "can_inspect": has_role_on(request.user, workroom.area, *INSPECTORS),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def workroom_edit(request, pk):
    workroom = get_workroom(request.user, pk)
    require_role_on(request.user, workroom.area, *EDITORS)
    form = WorkroomForm(request.POST or None, instance=workroom)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The workroom has been saved."))
        return redirect("workroom_detail", pk=workroom.pk)
    return render(request, "workrooms/workroom_form.html", {"workroom": workroom, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def checklist_entry_edit(request, pk, item_pk):
    workroom = get_workroom(request.user, pk)
    require_role_on(request.user, workroom.area, *INSPECTORS)
    if workroom.standard_id is None:
        raise Http404
    item = get_object_or_404(workroom.standard.items, pk=item_pk)
    entry = ChecklistEntry.objects.filter(workroom=workroom, item=item).first()
    form = ChecklistEntryForm(request.POST or None, request.FILES or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        try:
            checklist_entry_save(workroom=workroom, item=item, form=form, actor=request.user)
        except Conflict as error:
            show_error(request, error)
            return redirect("checklist_entry_edit", pk=workroom.pk, item_pk=item.pk)
        messages.success(request, _("“%(item)s” has been recorded.") % {"item": item.name})
        return redirect("workroom_detail", pk=workroom.pk)
    return render(
        request,
        "workrooms/checklist_entry_form.html",
        {"workroom": workroom, "item": item, "entry": entry, "form": form},
    )


@login_required
def checklist_evidence(request, pk, item_pk):
    """The evidence photo, served only to users who may see the workroom."""
    workroom = get_workroom(request.user, pk)
    entry = get_object_or_404(ChecklistEntry, workroom=workroom, item_id=item_pk)
    if not entry.photo:
        raise Http404
    try:
        handle = entry.photo.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle)
    response["Cache-Control"] = "private, max-age=3600"
    return response


@role_required(RoleKind.LIAISON_OFFICE, RoleKind.ADMIN)
def standards_overview(request):
    """The liaison office's view of how far every workroom in its district meets its standard."""
    workrooms = workrooms_visible_to(
        request.user, kinds=(RoleKind.LIAISON_OFFICE, RoleKind.ADMIN)
    ).filter(is_active=True)
    page = Paginator(workrooms, 50).get_page(request.GET.get("page"))
    return render(request, "workrooms/standards_overview.html", {"page": page})
