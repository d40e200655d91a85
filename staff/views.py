"""The administrator's staff pages: the team, invitations, changing and deactivating someone,
handing over visits, the staff import, interpreters, school years and a new school of the
board; and the public page where an invited person chooses a password."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huisbezoek.access import role_required
from huisbezoek.http import SchoolHttpRequest
from huisbezoek.models import Role, User
from huisbezoek.otp import has_app_device
from huisbezoek.views_helpers import run_service
from visits import staffing
from visits.selectors import current_school_year, groups_by_teacher, groups_of_year, open_visits, open_work_counts

from . import access, services
from .forms import (
    AcceptForm,
    DeactivateForm,
    HandOverChooseForm,
    HandOverForm,
    InterpreterForm,
    InviteForm,
    SchoolForm,
    SchoolYearForm,
    StaffEditForm,
    StaffImportConfirmForm,
    StaffImportForm,
)
from .imports import ERROR, EXISTING, HERE, NEW, plan_staff_rows, read_staff_csv
from .selectors import staff_rows

IMPORT_SALT = "staff.import"
IMPORT_MAX_AGE = 3600  # seconds between preview and confirm


def _name(user: User) -> str:
    return user.get_full_name() or user.email


def _moved(visits: int, reports: int) -> dict[str, str]:
    return {
        "visits": ngettext("%(n)s bezoek", "%(n)s bezoeken", visits) % {"n": visits},
        "reports": ngettext("%(n)s verslag", "%(n)s verslagen", reports) % {"n": reports},
    }


def _group_choices(request: SchoolHttpRequest) -> list[tuple[int, str]]:
    year = current_school_year(school=request.school)
    if year is None:
        return []
    return [(g.pk, g.name) for g in groups_of_year(school=request.school, school_year=year)]


def _teacher_choices(request: SchoolHttpRequest, exclude: User | None = None) -> list[tuple[int, str]]:
    teachers = access.teachers_of(request.actor)
    if exclude is not None:
        teachers = teachers.exclude(pk=exclude.pk)
    return [(u.pk, _name(u)) for u in teachers]


# --- The team -----------------------------------------------------------------------------------


@require_GET
@role_required(Role.ADMINISTRATOR)
def staff_list(request: SchoolHttpRequest) -> HttpResponse:
    """Everyone with a role at the school: roles, groups, active, invited or not."""
    return render(request, "staff/staff_list.html", staff_rows(request.actor))


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMINISTRATOR)
def staff_invite(request: SchoolHttpRequest) -> HttpResponse:
    groups = _group_choices(request)
    form = InviteForm(groups, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = run_service(
            request,
            lambda: services.staff_invite(
                school=request.school,
                by=request.user,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                roles=data["roles"],
                group_ids=data.get("groups", []),
                gender=data["gender"],
            ),
            form=form,
            field_names={"group_ids": "groups"},
        )
        if result:
            invited = result.value
            values = {"name": _name(invited.user), "email": invited.user.email}
            if invited.invitation is not None:
                messages.success(request, _("%(name)s is uitgenodigd; de uitnodiging gaat naar %(email)s.") % values)
            else:
                messages.success(
                    request, _("%(name)s had al een account en kan nu ook voor deze school werken.") % values
                )
            return redirect("staff:staff_list")
    return render(request, "staff/staff_invite.html", {"form": form})


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMINISTRATOR)
def staff_edit(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    member = access.get_staff_member_for(request.actor, pk)
    groups = _group_choices(request)
    year = current_school_year(school=request.school)
    links = groups_by_teacher(school=request.school, school_year=year).get(member.pk, [])
    current_groups = [link.group_id for link in links]
    roles = list(access.memberships_visible_to(request.actor).filter(user=member).values_list("role", flat=True))
    initial = {"roles": roles, "gender": member.gender, "groups": current_groups}
    form = StaffEditForm(groups, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(
            request,
            lambda: services.staff_member_update(
                school=request.school,
                user=member,
                by=request.user,
                roles=data["roles"],
                gender=data["gender"],
                group_ids=data.get("groups", []),
            ),
            form=form,
            field_names={"group_ids": "groups"},
            success=_("De gegevens van %(name)s zijn opgeslagen.") % {"name": _name(member)},
        ):
            return redirect("staff:staff_list")
    return render(
        request,
        "staff/staff_edit.html",
        {
            "form": form,
            "member": member,
            "has_second_factor": has_app_device(member),
            "is_self": member == request.user,
        },
    )


@require_POST
@role_required(Role.ADMINISTRATOR)
def second_factor_reset(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    member = access.get_staff_member_for(request.actor, pk)
    run_service(
        request,
        lambda: services.second_factor_reset(school=request.school, user=member, by=request.user),
        success=_("%(name)s stelt bij de volgende keer inloggen een nieuwe app in; de oude werkt niet meer.")
        % {"name": _name(member)},
    )
    return redirect("staff:staff_edit", pk=member.pk)


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMINISTRATOR)
def staff_deactivate(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    member = access.get_staff_member_for(request.actor, pk)
    teachers = _teacher_choices(request, exclude=member)
    form = DeactivateForm(teachers, request.POST or None)
    visits, reports = open_work_counts(school=request.school, user_ids=[member.pk])[member.pk]
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["hand_over_to"]
        colleague = access.teachers_of(request.actor).filter(pk=target).first() if target else None
        result = run_service(
            request,
            lambda: services.staff_member_deactivate(
                school=request.school, user=member, by=request.user, hand_over_to=colleague
            ),
            form=form,
            field_names={"to_user": "hand_over_to"},
        )
        if result:
            done = result.value
            message = _("%(name)s werkt niet meer op deze school.") % {"name": _name(member)}
            if done.visits or done.reports:
                message += " " + _("%(visits)s en %(reports)s zijn overgedragen aan %(to)s.") % {
                    **_moved(done.visits, done.reports),
                    "to": _name(colleague) if colleague else "",
                }
            messages.success(request, message)
            return redirect("staff:staff_list")
    return render(
        request,
        "staff/staff_deactivate.html",
        {
            "form": form,
            "member": member,
            "open_visits": visits,
            "open_reports": reports,
            "is_self": member == request.user,
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMINISTRATOR)
def hand_over(request: SchoolHttpRequest) -> HttpResponse:
    """Move a teacher's open visits (all or some) to a colleague, without deactivating anyone."""
    teachers = _teacher_choices(request)
    choose = HandOverChooseForm(teachers, request.GET or None)
    source: User | None = None
    if choose.is_valid():
        source = access.staff_visible_to(request.actor).filter(pk=choose.cleaned_data["van"]).first()
    if source is None:
        return render(request, "staff/hand_over.html", {"choose": choose, "form": None})
    rows = list(open_visits(school=request.school, user=source))
    visit_choices = [(v.pk, str(v.pk)) for v in rows]
    others = [(pk, name) for pk, name in teachers if pk != source.pk]
    data = request.POST if request.method == "POST" else None
    form = HandOverForm(others, visit_choices, data, initial={"visits": [v.pk for v in rows]})
    if request.method == "POST" and form.is_valid():
        colleague = access.teachers_of(request.actor).filter(pk=form.cleaned_data["to_user"]).first()
        if colleague is not None:
            result = run_service(
                request,
                lambda: services.staff_hand_over(
                    school=request.school,
                    from_user=source,
                    to_user=colleague,
                    by=request.user,
                    visit_ids=form.cleaned_data.get("visits"),
                ),
                form=form,
                field_names={"visit_ids": "visits"},
            )
            if result:
                moved_visits, moved_reports = result.value
                messages.success(
                    request,
                    _("%(visits)s en %(reports)s van %(from)s zijn nu van %(to)s.")
                    % {**_moved(moved_visits, moved_reports), "from": _name(source), "to": _name(colleague)},
                )
                return redirect(f"{reverse('staff:hand_over')}?van={source.pk}")
    return render(
        request,
        "staff/hand_over.html",
        {
            "choose": choose,
            "form": form,
            "source": source,
            "visits": rows,
            "checked": request.POST.getlist("visits") if form.is_bound else [str(v.pk) for v in rows],
        },
    )


# --- Invitations -------------------------------------------------------------------------------


@require_POST
@role_required(Role.ADMINISTRATOR)
def invitation_resend(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    invitation = access.get_invitation_for(request.actor, pk)
    run_service(
        request,
        lambda: services.invitation_resend(invitation=invitation, by=request.user),
        success=_("Er is een nieuwe uitnodiging verstuurd naar %(email)s; de vorige link werkt niet meer.")
        % {"email": invitation.user.email},
    )
    return redirect("staff:staff_list")


@require_POST
@role_required(Role.ADMINISTRATOR)
def invitation_revoke(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    invitation = access.get_invitation_for(request.actor, pk)
    run_service(
        request,
        lambda: services.invitation_revoke(invitation=invitation, by=request.user),
        success=_("De uitnodiging van %(email)s is ingetrokken; de link werkt niet meer.")
        % {"email": invitation.user.email},
    )
    return redirect("staff:staff_list")


def _link_unusable(request: HttpRequest, reason: str) -> HttpResponse:
    return render(
        request, "staff/invitation_unusable.html", {"reason": reason}, status=404 if reason == "unknown" else 410
    )


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invited person's personal link: choose a password, then log in (no log-in needed here)."""
    invitation = access.find_invitation(token)
    if invitation is None:
        return _link_unusable(request, "unknown")
    if invitation.accepted_at is not None:
        return _link_unusable(request, "used")
    if invitation.revoked_at is not None:
        return _link_unusable(request, "revoked")
    if invitation.is_expired:
        return _link_unusable(request, "expired")
    form = AcceptForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_accept(token=token, password=form.cleaned_data["new_password1"])
        except services.InvitationUnusable:
            return _link_unusable(request, "used")
        messages.success(request, _("Uw wachtwoord is opgeslagen. Log nu in met uw e-mailadres en dit wachtwoord."))
        return redirect("login")
    return render(request, "staff/invitation_accept.html", {"form": form, "invitation": invitation})


# --- The staff import -----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMINISTRATOR)
def staff_import(request: SchoolHttpRequest) -> HttpResponse:
    """GET: the upload form. POST: check every row; show the preview (new, existing, errors)."""
    form = StaffImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data: bytes = form.cleaned_data["file"]
        parsed = plan_staff_rows(school=request.school, parsed=read_staff_csv(data))
        token = ""
        if not parsed.has_errors:
            token = signing.dumps(
                {"school": request.school.pk, "user": request.user.pk, "csv": data.decode("latin-1")},
                salt=IMPORT_SALT,
                compress=True,
            )
        return render(
            request,
            "staff/import_preview.html",
            {
                "parsed": parsed,
                "counts": {status: parsed.count(status) for status in (NEW, EXISTING, HERE, ERROR)},
                "confirm_form": StaffImportConfirmForm(initial={"token": token}) if token else None,
            },
        )
    return render(request, "staff/import_upload.html", {"form": form})


@require_POST
@role_required(Role.ADMINISTRATOR)
def staff_import_confirm(request: SchoolHttpRequest) -> HttpResponse:
    form = StaffImportConfirmForm(request.POST)
    payload: dict[str, Any] | None = None
    if form.is_valid():
        try:
            payload = signing.loads(form.cleaned_data["token"], salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
        except signing.BadSignature:
            payload = None
    if not payload or payload.get("school") != request.school.pk or payload.get("user") != request.user.pk:
        messages.error(request, _("Deze import is niet (meer) geldig. Upload het bestand opnieuw."))
        return redirect("staff:staff_import")
    parsed = plan_staff_rows(school=request.school, parsed=read_staff_csv(payload["csv"].encode("latin-1")))
    result = run_service(
        request, lambda: services.staff_import_apply(school=request.school, by=request.user, parsed=parsed)
    )
    if not result:
        return redirect("staff:staff_import")
    done = result.value
    messages.success(
        request,
        _("%(invited)s uitgenodigd, %(added)s met een bestaand account toegevoegd, %(skipped)s werkten hier al.")
        % {"invited": done.invited, "added": done.added, "skipped": done.skipped},
    )
    return redirect("staff:staff_list")


# --- Interpreters ------------------------------------------------------------------------------


def _interpreter_accounts(request: SchoolHttpRequest) -> list[tuple[int, str]]:
    members = access.memberships_visible_to(request.actor).filter(role=Role.INTERPRETER, user__is_active=True)
    return [(m.user.pk, _name(m.user)) for m in members.order_by("user__last_name", "user__first_name")]


@require_GET
@role_required(Role.ADMINISTRATOR)
def interpreter_list(request: SchoolHttpRequest) -> HttpResponse:
    return render(
        request, "staff/interpreter_list.html", {"interpreters": list(access.interpreters_visible_to(request.actor))}
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMINISTRATOR)
def interpreter_edit(request: SchoolHttpRequest, pk: int | None = None) -> HttpResponse:
    interpreter = access.get_interpreter_for(request.actor, pk) if pk is not None else None
    accounts = _interpreter_accounts(request)
    initial = {}
    if interpreter is not None:
        initial = {
            "name": interpreter.name,
            "codes": interpreter.languages,
            "availability": interpreter.availability,
            "phone": interpreter.phone,
            "email": interpreter.email,
            "is_parent_contact": interpreter.is_parent_contact,
            "user": interpreter.user_id,
        }
    form = InterpreterForm(accounts, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        account = (
            access.staff_visible_to(request.actor).filter(pk=data["user"]).first() if data["user"] is not None else None
        )
        if run_service(
            request,
            lambda: staffing.interpreter_save(
                school=request.school,
                by=request.user,
                interpreter=interpreter,
                name=data["name"],
                codes=data["codes"],
                availability=data["availability"],
                phone=data["phone"],
                email=data["email"],
                is_parent_contact=data["is_parent_contact"],
                user=account,
            ),
            form=form,
            success=_("%(name)s is opgeslagen.") % {"name": data["name"]},
        ):
            return redirect("staff:interpreter_list")
    return render(request, "staff/interpreter_form.html", {"form": form, "interpreter": interpreter})


@require_POST
@role_required(Role.ADMINISTRATOR)
def interpreter_active(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    interpreter = access.get_interpreter_for(request.actor, pk)
    active = request.POST.get("active") == "1"
    if active:
        success = _("%(name)s wordt weer aangeboden bij het plannen.") % {"name": interpreter.name}
    else:
        success = _("%(name)s wordt niet meer aangeboden bij het plannen.") % {"name": interpreter.name}
    run_service(
        request,
        lambda: staffing.interpreter_set_active(interpreter=interpreter, by=request.user, active=active),
        success=success,
    )
    return redirect("staff:interpreter_list")


# --- School years and schools -----------------------------------------------------------------


@require_GET
@role_required(Role.ADMINISTRATOR)
def school_year_list(request: SchoolHttpRequest) -> HttpResponse:
    years = list(access.school_years_visible_to(request.actor))
    current = current_school_year(school=request.school)
    return render(request, "staff/school_year_list.html", {"years": years, "current": current})


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMINISTRATOR)
def school_year_edit(request: SchoolHttpRequest, pk: int | None = None) -> HttpResponse:
    year = access.get_school_year_for(request.actor, pk) if pk is not None else None
    form = SchoolYearForm(request.POST or None, instance=year)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(
            request,
            lambda: services.school_year_save(
                school=request.school,
                by=request.user,
                school_year=year,
                label=data["label"],
                start=data["start"],
                end=data["end"],
                is_trial_year=data["is_trial_year"],
            ),
            form=form,
            success=_("Schooljaar %(label)s is opgeslagen.") % {"label": data["label"]},
        ):
            return redirect("staff:school_year_list")
    return render(request, "staff/school_year_form.html", {"form": form, "year": year})


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMINISTRATOR)
def school_add(request: SchoolHttpRequest) -> HttpResponse:
    """A new school of the current school's board; its creator becomes its administrator."""
    board = request.school.board
    form = SchoolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = run_service(
            request,
            lambda: services.school_create(
                board=board,
                by=request.user,
                name=data["name"],
                brin=data["brin"],
                school_type=data["school_type"],
                holiday_region=data["holiday_region"],
                city=data["city"],
            ),
            form=form,
            success=_("%(school)s is aangemaakt. U bent er beheerder; kies de school bovenaan om verder te gaan.")
            % {"school": data["name"]},
        )
        if result:
            return redirect("staff:staff_list")
    return render(request, "staff/school_form.html", {"form": form, "board": board})
