"""Keeping the family card: what the mentor learns on the first phone call, saved safely.

``family_card_save`` is the one way the app changes a card. It refuses a save made on an older
version of the card (someone else saved in between), records which fields were edited in the
app (a later import shows a conflict for those instead of overwriting them) and writes one row
in the audit trail, without content.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from huisbezoek import audit, languages
from huisbezoek.limits import FAMILY_NOTE_MAX, check_lengths

from .. import access, audit_types
from ..models import Family, FamilyLanguage, Guardian
from ..selectors.families import phone_number

if TYPE_CHECKING:
    from huisbezoek.access import Actor

# The card's own fields the edit page writes (home languages and guardians apart).
CARD_FIELDS = (
    "dutch_proficiency",
    "preferred_channel",
    "phone",
    "email",
    "interpreter_needed",
    "interpreter_language",
    "interpreter_arranged_by",
    "interpreter_consent",
    "visitor_preference",
    "visitor_preference_note",
    "sensitivities",
    "keeps_ramadan",
)
# Besides the card's own fields, ``Family.edited_in_app`` names the home languages (one field),
# which guardian mainly looks after the children, and each guardian's phone number and e-mail.
HOME_LANGUAGES = "home_languages"
MAIN_CARER = "main_carer"


def guardian_field(guardian_id: int, name: str) -> str:
    """How ``Family.edited_in_app`` names a guardian's ``phone`` or ``email``."""
    return f"guardian_{guardian_id}_{name}"


@dataclass(frozen=True)
class GuardianContact:
    guardian_id: int
    phone: str = ""
    email: str = ""


@dataclass
class FamilyCard:
    """What the edit page sends: every field of the card (``languages``: the main one first)."""

    languages: list[str]
    dutch_proficiency: str = Family.DutchProficiency.GOOD
    preferred_channel: str = Family.Channel.PHONE
    phone: str = ""
    email: str = ""
    interpreter_needed: bool = False
    interpreter_language: str = ""
    interpreter_arranged_by: str = ""
    interpreter_consent: str = Family.InterpreterConsent.NOT_ASKED
    visitor_preference: str = Family.VisitorPreference.NONE
    visitor_preference_note: str = ""
    sensitivities: str = ""
    keeps_ramadan: bool = False
    main_carer_id: int | None = None
    guardians: list[GuardianContact] = field(default_factory=list)


def stale_message() -> str:
    return _("Iemand anders heeft deze gezinskaart net gewijzigd; bekijk de nieuwe gegevens.")


def _checked_phone(raw: str, name: str, errors: dict[str, str]) -> str:
    raw = raw.strip()
    if not raw:
        return ""
    number = phone_number(raw)
    if number is None:
        errors[name] = _(
            "'%(value)s' is geen geldig telefoonnummer. Schrijf bijvoorbeeld 06 12345678 of +31 6 12345678."
        ) % {"value": raw}
        return raw
    return number


def _checked_email(raw: str, name: str, errors: dict[str, str]) -> str:
    raw = raw.strip()
    if not raw:
        return ""
    try:
        validate_email(raw)
    except ValidationError:
        errors[name] = _("'%(value)s' is geen geldig e-mailadres.") % {"value": raw}
    return raw.lower()


def _check_choice(value: str, allowed: Iterable[str], name: str, errors: dict[str, str]) -> None:
    if value not in set(allowed):
        errors[name] = _("Kies een van de mogelijkheden.")


def _checked(card: FamilyCard, guardians: dict[int, Guardian]) -> FamilyCard:
    """The card with phone numbers and addresses written as stored; refuses what is wrong."""
    check_lengths(
        sensitivities=(card.sensitivities, FAMILY_NOTE_MAX),
        visitor_preference_note=(card.visitor_preference_note, FAMILY_NOTE_MAX),
    )
    errors: dict[str, str] = {}
    _check_choice(card.dutch_proficiency, Family.DutchProficiency.values, "dutch_proficiency", errors)
    _check_choice(card.preferred_channel, Family.Channel.values, "preferred_channel", errors)
    _check_choice(card.visitor_preference, Family.VisitorPreference.values, "visitor_preference", errors)
    _check_choice(card.interpreter_consent, Family.InterpreterConsent.values, "interpreter_consent", errors)
    if card.interpreter_arranged_by:
        _check_choice(
            card.interpreter_arranged_by, Family.InterpreterArrangedBy.values, "interpreter_arranged_by", errors
        )
    if card.interpreter_language and languages.get(card.interpreter_language) is None:
        errors["interpreter_language"] = _("Kies een taal uit de lijst.")
    if card.interpreter_needed and not card.interpreter_language:
        errors["interpreter_language"] = _("Kies de taal van de tolk: die moet precies de taal van het gezin spreken.")
    if any(languages.get(code) is None for code in card.languages) or len(set(card.languages)) != len(card.languages):
        errors["languages"] = _("Kies elke thuistaal één keer, uit de lijst.")
    if card.main_carer_id is not None and card.main_carer_id not in guardians:
        errors["main_carer"] = _("Kies een ouder van dit gezin.")
    phone = _checked_phone(card.phone, "phone", errors)
    email = _checked_email(card.email, "email", errors)
    contacts = []
    for contact in card.guardians:
        if contact.guardian_id not in guardians:
            raise ValidationError(_("Deze ouder hoort niet bij dit gezin."))
        contacts.append(
            GuardianContact(
                guardian_id=contact.guardian_id,
                phone=_checked_phone(contact.phone, f"guardian_{contact.guardian_id}_phone", errors),
                email=_checked_email(contact.email, f"guardian_{contact.guardian_id}_email", errors),
            )
        )
    if errors:
        raise ValidationError(errors)
    return FamilyCard(
        **{**card.__dict__, "phone": phone, "email": email, "guardians": contacts},
    )


@transaction.atomic
def family_card_save(*, actor: Actor, family: Family, card: FamilyCard, expected_version: int) -> Family:
    """Save the family card as the mentor (or the administrator) filled it in.

    Rules: only who may edit the card (``access.can_edit_family``); phone numbers must be valid
    numbers of some country and are stored written out as the import does, e-mail addresses
    must be valid; the interpreter's language is one exact language of the list, required when
    an interpreter is needed; the home languages are exact languages, the first the main one.
    The save goes through only if the card is still at ``expected_version`` (a conditional
    update, so of two simultaneous saves one wins and the other is refused); every changed
    field is recorded as edited in the app, and the change is audited without content.
    """
    if not access.can_edit_family(actor, family):
        raise PermissionDenied
    guardians = {g.pk: g for g in Guardian.objects.filter(family=family)}
    card = _checked(card, guardians)
    current = Family.objects.get(pk=family.pk)

    changed = [name for name in CARD_FIELDS if getattr(current, name) != getattr(card, name)]
    recorded = list(FamilyLanguage.objects.filter(family=family).order_by("-is_main", "pk"))
    languages_changed = [fl.language for fl in recorded] != card.languages or (
        bool(recorded) and not recorded[0].is_main
    )
    contacts = {c.guardian_id: c for c in card.guardians}
    guardian_updates: list[Guardian] = []
    guardian_edits: list[str] = []
    for guardian in guardians.values():
        contact = contacts.get(guardian.pk)
        phone = contact.phone if contact else guardian.phone
        email = contact.email if contact else guardian.email
        main = card.main_carer_id == guardian.pk if card.main_carer_id is not None else guardian.is_main_carer
        if phone != guardian.phone:
            guardian_edits.append(guardian_field(guardian.pk, "phone"))
        if email != guardian.email:
            guardian_edits.append(guardian_field(guardian.pk, "email"))
        if main != guardian.is_main_carer:
            guardian_edits.append(MAIN_CARER)
        if (phone, email, main) != (guardian.phone, guardian.email, guardian.is_main_carer):
            guardian.phone, guardian.email, guardian.is_main_carer = phone, email, main
            guardian_updates.append(guardian)

    now = timezone.now().isoformat()
    edited = dict(current.edited_in_app or {})
    for name in changed + ([HOME_LANGUAGES] if languages_changed else []) + guardian_edits:
        edited[name] = now

    # The conditional update: only if nobody saved since the page was opened.
    values = {name: getattr(card, name) for name in CARD_FIELDS}
    updated = Family.objects.filter(pk=family.pk, version=expected_version).update(
        **values, edited_in_app=edited, version=F("version") + 1
    )
    if not updated:
        raise ValidationError(stale_message(), code="stale")

    if languages_changed:
        FamilyLanguage.objects.filter(family=family).delete()
        FamilyLanguage.objects.bulk_create(
            [
                FamilyLanguage(family=family, language=code, is_main=index == 0)
                for index, code in enumerate(card.languages)
            ]
        )
    Guardian.objects.bulk_update(guardian_updates, ["phone", "email", "is_main_carer"])

    audit.record(
        user=actor.user,
        school=actor.school,
        object_type=audit_types.FAMILY,
        object_id=family.pk,
        action=audit.Action.CHANGE,
        allowed=True,
    )
    family.refresh_from_db()
    return family
