"""The school's administrator runs its staff: invite, change roles and groups, deactivate and
hand over, school years, and a new school of the board.

Every service checks that ``by`` is an administrator of the school it changes (else
``PermissionDenied``) and refuses with a Dutch ``ValidationError``. Nobody is ever made
superuser or technical staff here: those fields are not touched.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Collection
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from huisbezoek import audit, otp
from huisbezoek.limits import check_lengths
from huisbezoek.models import Board, Membership, Role, School, SchoolYear, User
from huisbezoek.validators import first_hidden_character
from notifications.services import notification_queue
from visits.selectors import open_work_counts
from visits.staffing import teacher_groups_set, visits_hand_over

from . import audit_types
from .imports import HERE, StaffFile
from .models import Invitation
from .sessions import end_sessions_of
from .tokens import new_token, token_hash

logger = logging.getLogger(__name__)

EMAIL_MAX = 254
FIRST_NAME_MAX = 100
LAST_NAME_MAX = 150


# --- Checks ------------------------------------------------------------------------------------


def require_administrator(by: User, school: School) -> None:
    if not Membership.objects.filter(user=by, school=school, role=Role.ADMINISTRATOR, user__is_active=True).exists():
        raise PermissionDenied


def _check_roles(roles: Collection[str]) -> list[str]:
    chosen = [r for r in Role.values if r in set(roles)]
    if not chosen:
        raise ValidationError({"roles": _("Kies ten minste één rol.")})
    if len(chosen) != len(set(roles)):
        raise ValidationError({"roles": _("Kies alleen rollen uit de lijst.")})
    return chosen


def _check_gender(gender: str) -> str:
    if gender not in User.Gender.values:
        raise ValidationError({"gender": _("Kies vrouw, man of niet ingevuld.")})
    return gender


def _check_person(*, email: str, first_name: str, last_name: str) -> str:
    check_lengths(
        email=(email, EMAIL_MAX), first_name=(first_name, FIRST_NAME_MAX), last_name=(last_name, LAST_NAME_MAX)
    )
    errors: dict[str, str] = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Dit is geen geldig e-mailadres.")
    for field, value in (("first_name", first_name), ("last_name", last_name)):
        if not value.strip():
            errors[field] = _("Vul dit in.")
        elif first_hidden_character(value) is not None:
            errors[field] = _("Dit veld bevat een onzichtbaar teken of stuurteken; typ de waarde opnieuw.")
    if errors:
        raise ValidationError(errors)
    return User.objects.normalize_email(email.strip()).lower()


def _check_groups(roles: Collection[str], group_ids: Collection[int]) -> None:
    if group_ids and Role.TEACHER not in roles:
        raise ValidationError({"groups": _("Alleen een leerkracht kan aan een groep gekoppeld worden.")})


# --- Invitations -------------------------------------------------------------------------------


def invitation_link(token: str) -> str:
    return settings.SITE_URL + reverse("staff:invitation_accept", args=[token])


def _email(*, school: School, user: User, key: str, kind: str, subject: str, body: str) -> None:
    """Queue an e-mail to a member of staff through the outbox (exactly once per ``key``)."""
    notification_queue(
        school=school, key=key, kind=kind, channel="email", address=user.email, subject=subject, body=body, user=user
    )


def _invitation_message(*, invitation: Invitation, token: str) -> None:
    user, school = invitation.user, invitation.school
    expires = timezone.localtime(invitation.expires_at)
    body = _(
        "Beste %(name)s,\n\n"
        "%(school)s heeft een account voor u gemaakt in Huisbezoek, het programma waarmee de school "
        "huisbezoeken plant en bijhoudt.\n\n"
        "Kies uw wachtwoord via deze persoonlijke link:\n%(link)s\n\n"
        "De link werkt één keer en tot %(date)s om %(time)s uur. Daarna kunt u inloggen met uw "
        "e-mailadres %(email)s.\n\n"
        "Kreeg u dit bericht onverwacht? Dan kunt u het negeren."
    ) % {
        "name": user.get_full_name() or user.email,
        "school": school.name,
        "link": invitation_link(token),
        "date": expires.strftime("%d-%m-%Y"),
        "time": expires.strftime("%H:%M"),
        "email": user.email,
    }
    _email(
        school=school,
        user=user,
        key=f"staff_invitation:{invitation.pk}:{invitation.sent_count}",
        kind="staff_invitation",
        subject=_("Uw account voor Huisbezoek van %(school)s") % {"school": school.name},
        body=body,
    )


def _new_token(invitation: Invitation, now: datetime.datetime) -> str:
    token = new_token()
    invitation.token_hash = token_hash(token)
    invitation.expires_at = now + datetime.timedelta(days=settings.STAFF_INVITATION_DAYS)
    return token


def _invite(*, school: School, user: User, by: User | None) -> Invitation:
    """Revoke the user's earlier open invitations at the school, make a new one and send it."""
    now = timezone.now()
    Invitation.objects.filter(school=school, user=user, accepted_at=None, revoked_at=None).update(revoked_at=now)
    invitation = Invitation(school=school, user=user, invited_by=by, created=now)
    token = _new_token(invitation, now)
    invitation.save()
    _invitation_message(invitation=invitation, token=token)
    audit.record(
        user=by,
        school=school,
        object_type=audit_types.INVITATION,
        object_id=invitation.pk,
        action=audit.Action.CREATE,
        allowed=True,
    )
    return invitation


def _added_message(*, school: School, user: User, by: User | None) -> None:
    body = _(
        "Beste %(name)s,\n\n"
        "U kunt in Huisbezoek nu ook werken voor %(school)s. Log in zoals u gewend bent met %(email)s "
        "en kies de school bovenaan de pagina.\n\n%(link)s"
    ) % {
        "name": user.get_full_name() or user.email,
        "school": school.name,
        "email": user.email,
        "link": settings.SITE_URL + reverse("login"),
    }
    _email(
        school=school,
        user=user,
        key=f"staff_added:school={school.pk}:user={user.pk}:{timezone.now().isoformat()}",
        kind="staff_added",
        subject=_("U bent toegevoegd aan %(school)s in Huisbezoek") % {"school": school.name},
        body=body,
    )


@dataclass(frozen=True)
class Invited:
    """What an invitation came to: the person, whether their account is new, and the
    invitation (``None`` when they already had an account and only got a role here)."""

    user: User
    created: bool
    invitation: Invitation | None


@transaction.atomic
def staff_invite(
    *,
    school: School,
    by: User,
    email: str,
    first_name: str,
    last_name: str,
    roles: Collection[str],
    group_ids: Collection[int] = (),
    gender: str = "",
) -> Invited:
    """Give a person roles (and this year's groups) at ``school`` and invite them.

    Rules: only an administrator of the school; at least one role, from ``Role``; groups only
    with the teacher role; a person who already works here is refused (change them instead).
    An e-mail address that already has an account (a teacher at another school of the board)
    gets the roles on that account, never a second one: someone who can log in gets a message
    that the school was added; someone who never set a password, or was switched off, gets an
    invitation to set one. An invitation's link works once, for ``STAFF_INVITATION_DAYS`` days."""
    require_administrator(by, school)
    address = _check_person(email=email, first_name=first_name, last_name=last_name)
    chosen = _check_roles(roles)
    _check_groups(chosen, group_ids)
    gender = _check_gender(gender)
    user = User.objects.select_for_update().filter(email__iexact=address).first()
    created = user is None
    if user is None:
        user = User.objects.create_user(
            address, None, first_name=first_name.strip(), last_name=last_name.strip(), gender=gender
        )
    elif Membership.objects.filter(user=user, school=school).exists():
        raise ValidationError(
            {"email": _("Deze persoon werkt al op deze school. Pas de rollen aan via het overzicht van het team.")}
        )
    elif gender and not user.gender:
        user.gender = gender
        user.save(update_fields=["gender"])
    Membership.objects.bulk_create([Membership(user=user, school=school, role=role) for role in chosen])
    if group_ids:
        teacher_groups_set(school=school, teacher=user, group_ids=group_ids, by=by)
    audit.record(
        user=by,
        school=school,
        object_type=audit_types.STAFF_MEMBER,
        object_id=user.pk,
        action=audit.Action.CREATE,
        allowed=True,
    )
    if created or not user.has_usable_password() or not user.is_active:
        if not user.is_active:
            user.is_active = True
            user.set_unusable_password()
            user.save(update_fields=["is_active", "password"])
        return Invited(user=user, created=created, invitation=_invite(school=school, user=user, by=by))
    _added_message(school=school, user=user, by=by)
    return Invited(user=user, created=False, invitation=None)


@transaction.atomic
def invitation_resend(*, invitation: Invitation, by: User) -> Invitation:
    """Send a new link; the old link stops working. Rules: only an administrator of the
    invitation's school; not once the invitation was used."""
    require_administrator(by, invitation.school)
    invitation = Invitation.objects.select_for_update().select_related("user", "school").get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("Deze uitnodiging is al gebruikt: de medewerker heeft een wachtwoord gekozen."))
    token = _new_token(invitation, timezone.now())
    invitation.revoked_at = None
    invitation.sent_count += 1
    invitation.save(update_fields=["token_hash", "expires_at", "revoked_at", "sent_count"])
    _invitation_message(invitation=invitation, token=token)
    audit.record(
        user=by,
        school=invitation.school,
        object_type=audit_types.INVITATION,
        object_id=invitation.pk,
        action=audit.Action.CHANGE,
        allowed=True,
    )
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> Invitation:
    """Make the link stop working. Rules: only an administrator of the invitation's school; not
    once it was used or revoked. The person's roles stay until they are deactivated."""
    require_administrator(by, invitation.school)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("Deze uitnodiging is al gebruikt: de medewerker heeft een wachtwoord gekozen."))
    if invitation.revoked_at is not None:
        raise ValidationError(_("Deze uitnodiging was al ingetrokken."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit.record(
        user=by,
        school=invitation.school,
        object_type=audit_types.INVITATION,
        object_id=invitation.pk,
        action=audit.Action.DELETE,
        allowed=True,
    )
    return invitation


class InvitationUnusable(Exception):
    """The link does not work (any more): unknown, used, revoked or expired."""


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """Set the invited person's password from their link, once.

    Rules: the link is known, not used, not revoked and not expired (re-checked under a row
    lock, so two tabs cannot both use it); the password passes Django's password validators.
    Nothing changes when one of these fails."""
    invitation = (
        Invitation.objects.select_for_update().select_related("user").filter(token_hash=token_hash(token)).first()
    )
    if invitation is None or not invitation.is_open:
        raise InvitationUnusable
    user = invitation.user
    validate_password(password, user)
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    logger.info("invitation %s accepted by user %s", invitation.pk, user.pk)
    return user


# --- Changing and deactivating ----------------------------------------------------------------


@transaction.atomic
def staff_member_update(
    *, school: School, user: User, by: User, roles: Collection[str], gender: str, group_ids: Collection[int]
) -> User:
    """Set a staff member's roles at ``school``, their gender and this year's groups.

    Rules: only an administrator of the school, only for someone who works there; at least one
    role; groups only with the teacher role (losing it unlinks this year's groups); an
    administrator cannot take the administrator role from themselves, so a school always keeps
    one. Superuser and technical staff are never set here."""
    require_administrator(by, school)
    if not Membership.objects.filter(user=user, school=school).exists():
        raise PermissionDenied
    chosen = _check_roles(roles)
    _check_groups(chosen, group_ids)
    gender = _check_gender(gender)
    if user.pk == by.pk and Role.ADMINISTRATOR not in chosen:
        raise ValidationError(
            {
                "roles": _(
                    "U kunt uw eigen rol beheerder niet weghalen: dan heeft de school misschien geen beheerder meer. "
                    "Laat een andere beheerder dit doen."
                )
            }
        )
    if Role.TEACHER not in chosen:
        teacher_groups_set(school=school, teacher=user, group_ids=(), by=by)
    Membership.objects.filter(user=user, school=school).exclude(role__in=chosen).delete()
    have = set(Membership.objects.filter(user=user, school=school).values_list("role", flat=True))
    Membership.objects.bulk_create([Membership(user=user, school=school, role=r) for r in chosen if r not in have])
    if Role.TEACHER in chosen:
        teacher_groups_set(school=school, teacher=user, group_ids=group_ids, by=by)
    if user.gender != gender:
        user.gender = gender
        user.save(update_fields=["gender"])
    audit.record(
        user=by,
        school=school,
        object_type=audit_types.STAFF_MEMBER,
        object_id=user.pk,
        action=audit.Action.CHANGE,
        allowed=True,
    )
    return user


@transaction.atomic
def second_factor_reset(*, school: School, user: User, by: User) -> int:
    """Remove a staff member's second-factor app and recovery codes (a lost or new phone) and end
    their sessions: at the next log-in they set up the app again. Returns how many sessions ended.

    Rules: only an administrator of the school, for someone who works there, never for themselves
    (an administrator who lost their own phone asks another administrator), so one stolen
    administrator password cannot be used to drop that administrator's own second step."""
    require_administrator(by, school)
    if not Membership.objects.filter(user=user, school=school).exists():
        raise PermissionDenied
    if user.pk == by.pk:
        raise ValidationError(
            _("U kunt uw eigen tweede stap niet opnieuw laten instellen. Vraag een andere beheerder dit te doen.")
        )
    if not otp.devices_remove(user):
        raise ValidationError(_("Deze medewerker heeft nog geen tweede stap ingesteld; er is niets te wissen."))
    ended = end_sessions_of(user)
    audit.record(
        user=by,
        school=school,
        object_type=audit_types.STAFF_MEMBER,
        object_id=user.pk,
        action=audit.Action.CHANGE,
        allowed=True,
    )
    return ended


@dataclass(frozen=True)
class Deactivated:
    visits: int
    reports: int
    account_closed: bool
    sessions: int


@transaction.atomic
def staff_member_deactivate(*, school: School, user: User, by: User, hand_over_to: User | None) -> Deactivated:
    """Stop someone working at ``school``.

    Rules: only an administrator of the school, for someone who works there, never themselves.
    Their open visits and unfinished reports at the school go to ``hand_over_to`` (a teacher of
    the school), which is required when they have any. Then their groups of this year, their
    roles and open invitations at the school go; without roles anywhere the account is switched
    off (never the technical operator's). Every session they have is ended, so an open browser is logged out at once."""
    require_administrator(by, school)
    if user.pk == by.pk:
        raise ValidationError(_("U kunt uzelf niet uitschakelen. Laat een andere beheerder dit doen."))
    if not Membership.objects.filter(user=user, school=school).exists():
        raise PermissionDenied
    open_visits, drafts = open_work_counts(school=school, user_ids=[user.pk])[user.pk]
    moved_visits = moved_reports = 0
    if hand_over_to is not None:
        moved = visits_hand_over(school=school, from_user=user, to_user=hand_over_to, by=by)
        moved_visits, moved_reports = moved.visits, moved.reports
    elif open_visits or drafts:
        raise ValidationError(
            {
                "hand_over_to": _(
                    "Deze medewerker heeft nog open bezoeken of verslagen. Kies de collega die ze overneemt."
                )
            }
        )
    teacher_groups_set(school=school, teacher=user, group_ids=(), by=by)
    Membership.objects.filter(user=user, school=school).delete()
    Invitation.objects.filter(school=school, user=user, accepted_at=None, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    # The technical operator's account is never switched off from a school's page.
    closed = not Membership.objects.filter(user=user).exists() and not (user.is_superuser or user.is_staff)
    if closed:
        user.is_active = False
        user.save(update_fields=["is_active"])
    sessions = end_sessions_of(user)
    audit.record(
        user=by,
        school=school,
        object_type=audit_types.STAFF_MEMBER,
        object_id=user.pk,
        action=audit.Action.DELETE,
        allowed=True,
    )
    return Deactivated(visits=moved_visits, reports=moved_reports, account_closed=closed, sessions=sessions)


@transaction.atomic
def staff_hand_over(
    *, school: School, from_user: User, to_user: User, by: User, visit_ids: Collection[int] | None = None
) -> tuple[int, int]:
    """Hand a teacher's open visits (all, or ``visit_ids``) and unfinished reports to a colleague,
    without deactivating anyone (sick leave). Rules: those of ``visits.staffing.visits_hand_over``;
    the teacher works at the school."""
    require_administrator(by, school)
    if not Membership.objects.filter(user=from_user, school=school).exists():
        raise PermissionDenied
    moved = visits_hand_over(school=school, from_user=from_user, to_user=to_user, by=by, visit_ids=visit_ids)
    if moved.visits == 0 and moved.reports == 0:
        raise ValidationError(_("Deze leerkracht heeft geen open bezoeken of verslagen om over te dragen."))
    return moved.visits, moved.reports


# --- School years and schools -----------------------------------------------------------------


@transaction.atomic
def school_year_save(
    *,
    school: School,
    by: User,
    label: str,
    start: datetime.date,
    end: datetime.date,
    is_trial_year: bool,
    school_year: SchoolYear | None = None,
) -> SchoolYear:
    """Add a school year (to prepare the next one) or change one.

    Rules: only an administrator of the school; the label is the years of its dates (2027-2028
    for 17-08-2027 to 16-07-2028); the last day after the first; one year per label; years of a
    school do not overlap (a day belongs to one school year)."""
    require_administrator(by, school)
    if school_year is not None and school_year.school_id != school.pk:
        raise PermissionDenied
    year = school_year or SchoolYear(school=school)
    year.label, year.start, year.end, year.is_trial_year = label.strip(), start, end, is_trial_year
    year.full_clean()
    overlapping = SchoolYear.objects.filter(school=school, start__lte=end, end__gte=start).exclude(pk=year.pk).first()
    if overlapping is not None:
        raise ValidationError(
            {"start": _("Deze data overlappen met schooljaar %(label)s.") % {"label": overlapping.label}}
        )
    created = year.pk is None
    year.save()
    audit.record(
        user=by,
        school=school,
        object_type=audit_types.SCHOOL_YEAR,
        object_id=year.pk,
        action=audit.Action.CREATE if created else audit.Action.CHANGE,
        allowed=True,
    )
    return year


def _new_school(*, board: Board, name: str, brin: str, school_type: str, holiday_region: str, city: str) -> School:
    """A school of ``board``, checked like every form (the BRIN number is unique)."""
    if first_hidden_character(name) is not None or first_hidden_character(city) is not None:
        raise ValidationError(_("De naam of plaats bevat een onzichtbaar teken of stuurteken; typ hem opnieuw."))
    school = School(
        board=board,
        name=name.strip(),
        brin=brin.strip().upper(),
        school_type=school_type,
        holiday_region=holiday_region,
        city=city.strip(),
    )
    school.full_clean()
    school.save()
    return school


@transaction.atomic
def school_create(
    *,
    board: Board,
    by: User,
    name: str,
    brin: str,
    school_type: str,
    holiday_region: str,
    city: str = "",
) -> School:
    """Add a school to ``board``, with ``by`` as its first administrator.

    Rule: ``by`` is administrator at one of the board's schools (there is no board role: the
    administrators of a board's schools run it together). The BRIN number is unique."""
    if not Membership.objects.filter(
        user=by, school__board=board, role=Role.ADMINISTRATOR, user__is_active=True
    ).exists():
        raise PermissionDenied
    school = _new_school(
        board=board, name=name, brin=brin, school_type=school_type, holiday_region=holiday_region, city=city
    )
    Membership.objects.create(user=by, school=school, role=Role.ADMINISTRATOR)
    audit.record(
        user=by,
        school=school,
        object_type=audit_types.SCHOOL,
        object_id=school.pk,
        action=audit.Action.CREATE,
        allowed=True,
    )
    return school


def school_year_around(day: datetime.date) -> tuple[str, datetime.date, datetime.date]:
    """The label, first and last day of the school year (1 August - 31 July) that holds ``day``."""
    first = datetime.date(day.year if day.month >= 8 else day.year - 1, 8, 1)
    last = datetime.date(first.year + 1, 7, 31)
    return f"{first.year}-{last.year}", first, last


@transaction.atomic
def installation_start(
    *,
    board_name: str,
    name: str,
    brin: str,
    school_type: str,
    holiday_region: str,
    city: str,
    email: str,
    first_name: str,
    last_name: str,
    today: datetime.date | None = None,
) -> Invited:
    """Start a school on a new installation (``manage.py start_school``): the board (found by name,
    else made), the school, the school year that holds today, and its first administrator, who is
    invited by e-mail to set a password. From there the school runs itself: nobody needs the
    technical admin or a superuser account.

    Rules: the BRIN number is new; the address gets no second account (an existing person gets
    the administrator role and, if they never set a password, an invitation)."""
    address = _check_person(email=email, first_name=first_name, last_name=last_name)
    if first_hidden_character(board_name) is not None:
        raise ValidationError(_("De naam of plaats bevat een onzichtbaar teken of stuurteken; typ hem opnieuw."))
    board, _created = Board.objects.get_or_create(name=board_name.strip())
    school = _new_school(
        board=board, name=name, brin=brin, school_type=school_type, holiday_region=holiday_region, city=city
    )
    label, first, last = school_year_around(today or timezone.localdate())
    SchoolYear.objects.create(school=school, label=label, start=first, end=last)
    user = User.objects.select_for_update().filter(email__iexact=address).first()
    created = user is None
    if user is None:
        user = User.objects.create_user(address, None, first_name=first_name.strip(), last_name=last_name.strip())
    Membership.objects.create(user=user, school=school, role=Role.ADMINISTRATOR)
    audit.record(
        user=None,
        school=school,
        object_type=audit_types.SCHOOL,
        object_id=school.pk,
        action=audit.Action.CREATE,
        allowed=True,
    )
    if created or not user.has_usable_password():
        return Invited(user=user, created=created, invitation=_invite(school=school, user=user, by=None))
    _added_message(school=school, user=user, by=None)
    return Invited(user=user, created=False, invitation=None)


# --- The staff import -------------------------------------------------------------------------


@dataclass(frozen=True)
class Imported:
    invited: int  # new accounts, each with an invitation
    added: int  # existing accounts that got roles at this school
    skipped: int  # people who already work here


@transaction.atomic
def staff_import_apply(*, school: School, by: User, parsed: StaffFile) -> Imported:
    """Invite everyone of a checked staff file (see ``staff.imports``), all or nothing.

    Rules: only an administrator of the school; a file with any error is refused as a whole;
    people who already work here are left as they are; the others go through ``staff_invite``
    (so an address that has an account gets the roles on it, never a second account)."""
    require_administrator(by, school)
    if parsed.has_errors:
        raise ValidationError(
            _("Het bestand heeft fouten; er is niets opgeslagen. Verbeter het bestand en upload opnieuw.")
        )
    invited = added = skipped = 0
    for row in parsed.rows:
        if row.status == HERE:
            skipped += 1
            continue
        result = staff_invite(
            school=school,
            by=by,
            email=row.email,
            first_name=row.first_name,
            last_name=row.last_name,
            roles=row.roles,
            group_ids=row.group_ids,
            gender=row.gender,
        )
        if result.created:
            invited += 1
        else:
            added += 1
    return Imported(invited=invited, added=added, skipped=skipped)
