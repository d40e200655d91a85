"""The administrator links teachers to groups (mentor / teacher) for the current or the next school year."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from huisbezoek.access import role_required, staff_of_school
from huisbezoek.http import SchoolHttpRequest
from huisbezoek.models import Role
from huisbezoek.views_helpers import run_service

from ..access import groups_visible_to
from ..models import Group, GroupTeacher
from ..selectors import years_to_prepare
from ..views.years import YEAR_PARAMETER, chosen_year, year_switch
from .forms import GroupTeacherForm
from .services import group_teacher_link, group_teacher_unlink


def _groups(request: SchoolHttpRequest) -> QuerySet[Group]:
    return groups_visible_to(request.actor)


def _back(group: Group) -> str:
    """The list of the group's year (the next one named; the current one is the default), at the group."""
    year = f"?{YEAR_PARAMETER}={group.school_year_id}" if group.school_year.start > timezone.localdate() else ""
    return f"{reverse('visits:group_list')}{year}#groep-{group.pk}"


def _teachers(request: SchoolHttpRequest) -> dict[int, Any]:
    """The school's teachers by user id: the only people who can be linked."""
    memberships = staff_of_school(request.school, [Role.TEACHER])
    return {m.user_id: m.user for m in memberships}


def _list_page(
    request: SchoolHttpRequest, teachers: dict[int, Any], bound: tuple[Group, GroupTeacherForm] | None = None
) -> HttpResponse:
    years = years_to_prepare(school=request.school)
    school_year = bound[0].school_year if bound else chosen_year(request, years)
    choices = [(pk, user.get_full_name() or user.email) for pk, user in teachers.items()]
    groups = (
        _groups(request)
        .filter(school_year=school_year)
        .annotate(pupil_count=Count("enrolments"))  # the group's pupils in its own school year
        .prefetch_related(
            Prefetch(
                "group_teachers",
                queryset=GroupTeacher.objects.select_related("teacher").order_by("kind", "teacher__last_name"),
            )
        )
        .order_by("grade", "name")
        if school_year
        else Group.objects.none()
    )
    rows = [
        {"group": group, "form": bound[1] if bound and bound[0].pk == group.pk else GroupTeacherForm(choices)}
        for group in groups
    ]
    return render(
        request,
        "visits/group_list.html",
        {**year_switch(years, school_year), "rows": rows, "has_teachers": bool(choices)},
    )


@require_GET
@role_required(Role.ADMINISTRATOR)
def group_list(request: SchoolHttpRequest) -> HttpResponse:
    """The groups of the current school year (or, with ``?schooljaar=``, the next) with their mentors
    and teachers."""
    return _list_page(request, _teachers(request))


@require_POST
@role_required(Role.ADMINISTRATOR)
def group_teacher_add(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(_groups(request).select_related("school_year"), pk=pk)
    teachers = _teachers(request)
    choices = [(user_id, user.get_full_name() or user.email) for user_id, user in teachers.items()]
    form = GroupTeacherForm(choices, request.POST)
    if form.is_valid():
        teacher = teachers[form.cleaned_data["teacher"]]
        linked = run_service(
            request,
            lambda: group_teacher_link(group=group, teacher=teacher, kind=form.cleaned_data["kind"], by=request.user),
            form=form,
        )
        if linked:
            link, created = linked.value
            values = {"teacher": teacher.get_full_name(), "group": group.name, "kind": link.get_kind_display().lower()}
            if created:
                messages.success(request, _("%(teacher)s is gekoppeld aan %(group)s (%(kind)s).") % values)
            else:
                messages.success(request, _("%(teacher)s is nu %(kind)s van %(group)s.") % values)
            return redirect(_back(group))
    return _list_page(request, teachers, bound=(group, form))


@require_POST
@role_required(Role.ADMINISTRATOR)
def group_teacher_remove(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(
        GroupTeacher.objects.filter(group__in=_groups(request)).select_related("group__school_year", "teacher"), pk=pk
    )
    values = {"teacher": link.teacher.get_full_name(), "group": link.group.name}
    run_service(
        request,
        lambda: group_teacher_unlink(link=link, by=request.user),
        success=_("%(teacher)s is niet meer gekoppeld aan %(group)s.") % values,
    )
    return redirect(_back(link.group))
