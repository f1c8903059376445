"""Pages of the menu courses: a workroom's public menu, publishing a course, ordering one, and
the liaison officers' list of orders with confirm and decline (each its own POST view)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import role_required
from accounts.scope import get_visible_or_404, has_role_on
from activities.exports import courses as exports
from activities.filters.courses import CourseOrderFilter
from activities.forms.courses import CourseForm, CourseOrderForm, OrderConfirmForm
from activities.models import Course, CourseOrder, CourseOrderStatus
from activities.services.courses import (
    COURSE_EDITORS,
    DECIDERS,
    can_decide,
    course_create,
    order_confirm,
    order_create,
    order_decline,
)
from activities.views import PAGE_SIZE, query_without_page
from core import audit
from core.errors import DomainError, show_error
from core.once import submit_once
from core.xlsx import xlsx_response
from representatives.models import Assignment, Representative
from workrooms.models import Workroom
from workrooms.selectors import get_workroom


def _stationed(workroom):
    return Representative.objects.filter(
        pk__in=Assignment.objects.current().filter(workroom=workroom).values("representative")
    ).order_by("name", "pk")


def course_menu(request, pk):
    """菜单课程: the workroom's published courses. Public (a unit chooses before ordering):
    names and topics only, never phone numbers. Visitors who are not signed in read it on the
    workroom's public page, where it is a section (the old address keeps working)."""
    if not request.user.is_authenticated:
        return redirect(reverse("public:workroom", args=[pk]) + "#courses")
    workroom = get_object_or_404(Workroom.objects.select_related("area"), pk=pk, is_active=True)
    courses = (
        Course.objects.filter(workroom=workroom, is_published=True)
        .select_related("representative")
        .order_by("topic", "title", "pk")
    )
    user = request.user
    in_scope = user.is_authenticated and has_role_on(user, workroom.area)
    can_publish = in_scope and (
        has_role_on(user, workroom.area, *COURSE_EDITORS)
        or _stationed(workroom).filter(user=user).exists()
    )
    return render(
        request,
        "activities/courses/menu.html",
        {
            "workroom": workroom,
            "courses": courses,
            "can_order": in_scope,
            "can_publish": can_publish,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def course_new(request, pk):
    """Publish a course: a representative for themselves, clerks for anyone stationed here."""
    workroom = get_workroom(request.user, pk)
    representatives = _stationed(workroom)
    if not has_role_on(request.user, workroom.area, *COURSE_EDITORS):
        representatives = representatives.filter(user=request.user)
        if not representatives.exists():
            raise PermissionDenied
    form = CourseForm(request.POST or None, representatives=representatives)
    if request.method == "POST":
        try:
            answer = submit_once(
                request,
                form,
                lambda: course_create(actor=request.user, workroom=workroom, **form.entered),
                to=lambda course: reverse("activities:course_menu", args=[course.workroom_id]),
                done=_("The course is on the menu."),
            )
        except DomainError as exc:
            show_error(request, exc)
        else:
            if answer is not None:
                return answer
    return render(
        request, "activities/courses/course_form.html", {"workroom": workroom, "form": form}
    )


@require_http_methods(["GET", "POST"])
@login_required
def course_order(request, pk):
    """学员点单: record a unit's order for a course (a clerk, or any signed-in user in scope)."""
    course = get_visible_or_404(
        Course.objects.select_related("workroom", "representative"), request.user, pk=pk
    )
    form = CourseOrderForm(request.POST or None)
    if request.method == "POST":
        try:
            answer = submit_once(
                request,
                form,
                lambda: order_create(actor=request.user, course=course, **form.entered),
                to=lambda order: reverse("activities:course_order_detail", args=[order.pk]),
                done=_("The order has been recorded."),
            )
        except DomainError as exc:
            show_error(request, exc)
        else:
            if answer is not None:
                return answer
    return render(request, "activities/courses/order_form.html", {"course": course, "form": form})


def _orders():
    return CourseOrder.objects.select_related(
        "course__workroom__area", "course__representative", "activity", "ordered_by"
    )


def _get_order(user, pk) -> CourseOrder:
    return get_visible_or_404(_orders(), user, pk=pk)


def _filtered_orders(request):
    return CourseOrderFilter(
        request.GET, queryset=_orders().visible_to(request.user), request=request
    )


@role_required(*DECIDERS)
@require_GET
def course_orders(request):
    """The orders of every workroom in scope, newest first, for the liaison officers."""
    filterset = _filtered_orders(request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "activities/courses/order_list.html",
        {"filter": filterset, "page": page, "query": query_without_page(request)},
    )


@role_required(*DECIDERS)
@require_GET
def course_orders_export(request):
    sheet = exports.orders_sheet(_filtered_orders(request).qs)
    response = xlsx_response(exports.orders_filename(timezone.localdate()), [sheet])
    audit.log_export(
        CourseOrder, actor=request.user, rows=sheet.written, query=request.GET.urlencode()
    )
    return response


@login_required
@require_GET
def course_order_detail(request, pk):
    order = _get_order(request.user, pk)
    can = can_decide(request.user, order.course)
    return render(
        request,
        "activities/courses/order_detail.html",
        {
            "order": order,
            "can_decide": can and order.status == CourseOrderStatus.REQUESTED,
            "confirm_form": OrderConfirmForm(),
        },
    )


@require_POST
@login_required
def course_order_confirm(request, pk):
    order = _get_order(request.user, pk)
    if not can_decide(request.user, order.course):
        raise PermissionDenied
    form = OrderConfirmForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "activities/courses/order_detail.html",
            {"order": order, "can_decide": True, "confirm_form": form},
            status=400,
        )
    try:
        order_confirm(
            order,
            actor=request.user,
            on=form.cleaned_data["date"],
            start_time=form.cleaned_data["start_time"],
            place=form.cleaned_data["place"],
        )
    except DomainError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Confirmed: the course delivery is scheduled."))
    return redirect("activities:course_order_detail", pk=order.pk)


@require_POST
@login_required
def course_order_decline(request, pk):
    order = _get_order(request.user, pk)
    if not can_decide(request.user, order.course):
        raise PermissionDenied
    try:
        order_decline(order, actor=request.user)
    except DomainError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("The order has been declined."))
    return redirect("activities:course_order_detail", pk=order.pk)
