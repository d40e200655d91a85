"""What the school's staff management (the ``staff`` app) changes in visits.

* ``visits_hand_over``: a teacher's open visits and unfinished reports go to a colleague
  (a teacher who leaves, or is on sick leave);
* ``teacher_groups_set``: the groups of the current school year a teacher is linked to;
* ``interpreter_save`` / ``interpreter_set_active``: the school's interpreters and parent
  contact persons.

The staff app changes visits only through this module (reads go through ``visits.selectors``).
Only an administrator of the school calls these; every rule is checked here again, whatever
the form did.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from huisbezoek import audit, languages
from huisbezoek.limits import check_lengths
from huisbezoek.models import Membership, Role
from huisbezoek.validators import first_hidden_character

from . import audit_types
from .groups.services import group_teacher_link, group_teacher_unlink
from .models import Family, GroupTeacher, Interpreter, Report, Visit, VisitTransition
from .selectors import current_school_year
from .selectors.staffing import FINISHED_STATUSES

if TYPE_CHECKING:
    from huisbezoek.models import School, User

NAME_MAX = 150
PHONE_MAX = 32
AVAILABILITY_MAX = 200


def _require_administrator(by: User, school: School) -> None:
    if not Membership.objects.filter(user=by, school=school, role=Role.ADMINISTRATOR, user__is_active=True).exists():
        raise PermissionDenied


@dataclass(frozen=True)
class HandOver:
    """What a hand-over moved: how many visits and how many unfinished reports."""

    visits: int
    reports: int


def _breaks_family_wish(visit: Visit, *, from_user: User, to_user: User) -> bool:
    """Whether ``visit`` with ``to_user`` in ``from_user``'s place breaks the family's wish about
    who visits (the rule of planning: only women, or never a man alone; unknown counts as not met)."""
    preference = visit.family.visitor_preference
    if preference == Family.VisitorPreference.NONE:
        return False
    visitors = [to_user if v.pk == from_user.pk else v for v in (visit.lead_visitor, visit.colleague) if v is not None]
    visitors = list({v.pk: v for v in visitors}.values())
    if any(not v.gender for v in visitors):
        return True
    women = [v for v in visitors if v.gender == v.Gender.FEMALE]
    if preference == Family.VisitorPreference.FEMALE_ONLY:
        return len(women) != len(visitors)
    return not women


@transaction.atomic
def visits_hand_over(
    *,
    school: School,
    from_user: User,
    to_user: User,
    by: User,
    visit_ids: Collection[int] | None = None,
) -> HandOver:
    """Give ``from_user``'s open visits at ``school`` (all, or only ``visit_ids``) and their
    unfinished (draft) reports to ``to_user``.

    Rules: only an administrator of the school does this; the colleague is an active teacher of
    the same school and another person; open means not reported, cancelled or declined; the
    family's wish about who visits ("alleen een vrouw", "geen man alleen") still holds; a
    visit the teacher joined as duo colleague gets the new colleague in that place (or none,
    when the new colleague already leads it). Every visit moved gets a note in its history
    (the status stays) and a row in the audit trail, and so does every report."""
    _require_administrator(by, school)
    if from_user.pk == to_user.pk:
        raise ValidationError({"to_user": _("Kies een andere collega dan de leerkracht zelf.")})
    if not Membership.objects.filter(user=to_user, school=school, role=Role.TEACHER, user__is_active=True).exists():
        raise ValidationError({"to_user": _("Kies een leerkracht van deze school.")})
    rows = (
        Visit.objects.select_for_update(of=("self",))
        .select_related("family", "lead_visitor", "colleague")
        .filter(Q(lead_visitor=from_user) | Q(colleague=from_user), school=school)
        .exclude(status__in=FINISHED_STATUSES)
        .order_by("pk")
    )
    if visit_ids is not None:
        wanted = {int(pk) for pk in visit_ids}
        if not wanted:
            raise ValidationError({"visits": _("Kies ten minste één bezoek om over te dragen.")})
        rows = rows.filter(pk__in=wanted)
    moved = list(rows)
    if visit_ids is not None and len(moved) != len(wanted):
        raise ValidationError(
            {"visits": _("Een gekozen bezoek hoort niet (meer) bij deze leerkracht. Laad de pagina opnieuw.")}
        )
    broken = [visit.family.name for visit in moved if _breaks_family_wish(visit, from_user=from_user, to_user=to_user)]
    if broken:
        raise ValidationError(
            {
                "to_user": _(
                    "Deze gezinnen hebben een wens over wie er op bezoek komt (zoals 'alleen een vrouw' of 'geen man "
                    "alleen') die %(name)s niet vervult, of van %(name)s is niet ingevuld of het een man of vrouw is: "
                    "%(families)s. Kies een andere collega, of haal het vinkje weg bij die bezoeken."
                )
                % {"name": to_user.get_full_name() or to_user.email, "families": ", ".join(sorted(set(broken)))}
            }
        )
    note = _("Overgedragen van %(from)s aan %(to)s.") % {
        "from": from_user.get_full_name() or from_user.email,
        "to": to_user.get_full_name() or to_user.email,
    }
    history = []
    for visit in moved:
        if visit.lead_visitor_id == from_user.pk:
            visit.lead_visitor = to_user
            if visit.colleague_id == to_user.pk:
                visit.colleague = None
        else:
            visit.colleague = None if visit.lead_visitor_id == to_user.pk else to_user
        visit.version += 1
        visit.save(update_fields=["lead_visitor", "colleague", "version", "updated"])
        history.append(
            VisitTransition(visit=visit, from_status=visit.status, to_status=visit.status, by=by, note=note[:300])
        )
    VisitTransition.objects.bulk_create(history)

    reports = Report.objects.filter(school=school, author=from_user, status=Report.Status.DRAFT)
    if visit_ids is not None:
        reports = reports.filter(visit__in=[v.pk for v in moved])
    report_ids = list(reports.values_list("pk", flat=True))
    Report.objects.filter(pk__in=report_ids).update(author=to_user)

    audit.record_many(
        user=by,
        school=school,
        object_type=audit_types.VISIT,
        object_ids=[v.pk for v in moved],
        action=audit.Action.CHANGE,
    )
    audit.record_many(
        user=by, school=school, object_type=audit_types.REPORT, object_ids=report_ids, action=audit.Action.CHANGE
    )
    return HandOver(visits=len(moved), reports=len(report_ids))


@transaction.atomic
def teacher_groups_set(*, school: School, teacher: User, group_ids: Collection[int], by: User) -> None:
    """Link ``teacher`` to exactly ``group_ids`` among the groups of the current school year.

    Rules (those of ``visits.groups.services`` too): only an administrator of the school; only
    a teacher of the school is linked; a new link makes them mentor, an existing link keeps its
    kind; links to groups of other years are left alone."""
    _require_administrator(by, school)
    year = current_school_year(school=school)
    wanted = {int(pk) for pk in group_ids}
    if year is None:
        if wanted:
            raise ValidationError({"groups": _("Er is geen huidig schooljaar; maak het eerst aan.")})
        return
    groups = {g.pk: g for g in year.groups.filter(school=school)}
    unknown = wanted - set(groups)
    if unknown:
        raise ValidationError({"groups": _("Kies alleen groepen van dit schooljaar.")})
    links = {
        link.group_id: link
        for link in GroupTeacher.objects.filter(teacher=teacher, group__in=list(groups.values())).select_related(
            "group"
        )
    }
    for group_id, link in links.items():
        if group_id not in wanted:
            group_teacher_unlink(link=link, by=by)
    for group_id in sorted(wanted - set(links)):
        group_teacher_link(group=groups[group_id], teacher=teacher, kind=GroupTeacher.Kind.MENTOR, by=by)


def _check_interpreter(
    *, school: School, name: str, phone: str, email: str, codes: list[str], availability: str, user: User | None
) -> list[str]:
    errors: dict[str, str] = {}
    check_lengths(name=(name, NAME_MAX), phone=(phone, PHONE_MAX), availability=(availability, AVAILABILITY_MAX))
    if not name.strip():
        errors["name"] = _("Vul de naam in.")
    for field, text in (("name", name), ("phone", phone), ("availability", availability)):
        if first_hidden_character(text) is not None:
            errors[field] = _("Dit veld bevat een onzichtbaar teken of stuurteken; typ de waarde opnieuw.")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Dit is geen geldig e-mailadres.")
    clean = list(dict.fromkeys(codes))
    if not clean:
        errors["languages"] = _("Kies ten minste één taal.")
    elif any(languages.get(code) is None for code in clean):
        errors["languages"] = _("Kies alleen talen uit de lijst.")
    if (
        user is not None
        and not Membership.objects.filter(
            user=user, school=school, role=Role.INTERPRETER, user__is_active=True
        ).exists()
    ):
        errors["user"] = _("Koppel alleen een account met de rol tolk op deze school.")
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def interpreter_save(
    *,
    school: School,
    by: User,
    name: str,
    codes: list[str],
    phone: str = "",
    email: str = "",
    availability: str = "",
    is_parent_contact: bool = False,
    user: User | None = None,
    interpreter: Interpreter | None = None,
) -> Interpreter:
    """Add an interpreter or parent contact person to the school, or change one.

    Rules: only an administrator of the school; a name; at least one language, each an exact
    code of ``huisbezoek.languages`` (never a vague "Berbers"); no hidden characters; an
    account linked to it holds the interpreter role at this school."""
    _require_administrator(by, school)
    if interpreter is not None and interpreter.school_id != school.pk:
        raise PermissionDenied
    clean = _check_interpreter(
        school=school, name=name, phone=phone, email=email, codes=codes, availability=availability, user=user
    )
    row = interpreter or Interpreter(school=school)
    row.name = name.strip()
    row.phone = phone.strip()
    row.email = email.strip().lower()
    row.languages = clean
    row.availability = availability.strip()
    row.is_parent_contact = is_parent_contact
    row.user = user
    row.save()
    return row


@transaction.atomic
def interpreter_set_active(*, interpreter: Interpreter, by: User, active: bool) -> Interpreter:
    """Stop offering an interpreter when visits are planned (or offer them again).

    Rule: only an administrator of the school. The visits they joined keep them."""
    _require_administrator(by, interpreter.school)
    interpreter.is_active = active
    interpreter.save(update_fields=["is_active"])
    return interpreter
