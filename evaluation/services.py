"""State changes of the evaluation. Keyword-only, one transaction each; the rule is in the docstring.

Anonymity rules enforced here (see models.py):
* an answer is stored in a new ``Response`` with a random key and no time; in the same
  transaction the key that let it in is marked used (invitation, teacher participation, class
  code counter), so a key answers once and nothing joins the two;
* parent tokens are 256-bit random values; only their SHA-256 is stored.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from huisbezoek.limits import QUESTIONS_PER_QUESTIONNAIRE_MAX

from . import content
from .access import is_manager, token_hash
from .models import (
    Action,
    Answer,
    Audience,
    Bottleneck,
    ClassCode,
    Evaluation,
    ParentInvitation,
    Question,
    Response,
    TeacherParticipation,
)
from .signals import evaluation_opened

if TYPE_CHECKING:
    from huisbezoek.models import School, SchoolYear, User

# Unambiguous capitals and digits (no 0/O, 1/I/L): easy to copy from the board.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
# 8 characters from 31: 31**8 ≈ 8.5e11 codes; with a few dozen groups open, a guess hits one in
# ~10^10 — guessing is impractical without any rate limit.
CODE_LENGTH = 8
TOKEN_BYTES = 32  # 256 bits
MAX_OPEN_TEXT = 2000


@dataclass(frozen=True)
class Given:
    """One answer as typed: a scale value 1-5, and/or a text."""

    scale: int | None = None
    text: str = ""


def _manager_only(user: User, school: School) -> None:
    if not is_manager(user, school):
        raise PermissionDenied(_("Alleen de directie mag dit doen."))


def _locked(evaluation: Evaluation) -> Evaluation:
    return Evaluation.objects.select_for_update().select_related("school", "school_year").get(pk=evaluation.pk)


def _must_be_draft(evaluation: Evaluation) -> None:
    if evaluation.status != Evaluation.Status.DRAFT:
        raise ValidationError(
            _("De vragenlijsten staan al open. Vragen kunnen dan niet meer veranderen."), code="not_draft"
        )


# --- Starting an evaluation ----------------------------------------------------------------------


@transaction.atomic
def evaluation_start(*, school: School, school_year: SchoolYear, by: User) -> Evaluation:
    """Start the evaluation of ``school_year``: one per school year, by the directie.

    Kind follows the year (trial year or yearly). It gets the default questionnaires, and it
    continues from the latest earlier evaluation: that one's open improvement actions are
    carried over (the old ones stay as history, the new ones are on the owners' home pages)."""
    _manager_only(by, school)
    if school_year.school_id != school.pk:
        raise PermissionDenied
    if Evaluation.objects.filter(school_year=school_year).exists():
        raise ValidationError(_("Dit schooljaar heeft al een evaluatie."), code="exists")
    previous = (
        Evaluation.objects.filter(school=school, school_year__start__lt=school_year.start)
        .order_by("-school_year__start")
        .first()
    )
    evaluation = Evaluation.objects.create(
        school=school,
        school_year=school_year,
        kind=Evaluation.Kind.TRIAL if school_year.is_trial_year else Evaluation.Kind.YEARLY,
        previous=previous,
        created_by=by,
    )
    positions: dict[str, int] = {}
    questions = []
    for default in content.DEFAULT_QUESTIONS:
        positions[default.audience] = positions.get(default.audience, 0) + 1
        questions.append(
            Question(
                school=school,
                evaluation=evaluation,
                audience=default.audience,
                theme=default.theme,
                kind=default.kind,
                key=default.key,
                text=content.dutch_text(default.key),
                position=positions[default.audience],
            )
        )
    Question.objects.bulk_create(questions)
    if previous is not None:
        for old in previous.actions.filter(done_at__isnull=True, carried_to__isnull=True):
            Action.objects.create(
                school=school,
                evaluation=evaluation,
                description=old.description,
                owner=old.owner,
                due=old.due,
                carried_from=old,
            )
    return evaluation


# --- Editing the questionnaires (before they open) ---------------------------------------------


@transaction.atomic
def question_add(*, evaluation: Evaluation, audience: str, theme: str, kind: str, text: str, by: User) -> Question:
    """Add a question at the end of one questionnaire; only while the questionnaires are being prepared."""
    _manager_only(by, evaluation.school)
    evaluation = _locked(evaluation)
    _must_be_draft(evaluation)
    if evaluation.questions.filter(audience=audience).count() >= QUESTIONS_PER_QUESTIONNAIRE_MAX:
        raise ValidationError(
            _("Een vragenlijst heeft hooguit %(max)d vragen. Haal eerst een vraag weg.")
            % {"max": QUESTIONS_PER_QUESTIONNAIRE_MAX},
            code="too_many_questions",
        )
    last = evaluation.questions.filter(audience=audience).aggregate(m=Max("position"))["m"] or 0
    question = Question(
        school=evaluation.school,
        evaluation=evaluation,
        audience=audience,
        theme=theme,
        kind=kind,
        text=text.strip(),
        position=last + 1,
    )
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_update(*, question: Question, theme: str, kind: str, text: str, by: User) -> Question:
    """Change a question before the questionnaires open. A changed text no longer has the shipped
    translations: parents then see the school's own Dutch text."""
    _manager_only(by, question.school)
    _must_be_draft(_locked(question.evaluation))
    text = text.strip()
    if text != question.text:
        question.key = ""
    question.theme, question.kind, question.text = theme, kind, text
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_delete(*, question: Question, by: User) -> None:
    """Remove a question before the questionnaires open."""
    _manager_only(by, question.school)
    _must_be_draft(_locked(question.evaluation))
    question.delete()


@transaction.atomic
def question_move(*, question: Question, up: bool, by: User) -> None:
    """Swap a question with its neighbour in the same questionnaire, before it opens."""
    _manager_only(by, question.school)
    _must_be_draft(_locked(question.evaluation))
    siblings = list(Question.objects.filter(evaluation=question.evaluation, audience=question.audience))
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, q in enumerate(siblings, start=1):
        if q.position != position:
            Question.objects.filter(pk=q.pk).update(position=position)


# --- Opening and closing ------------------------------------------------------------------------


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@transaction.atomic
def evaluation_open(*, evaluation: Evaluation, by: User, link_days: int | None = None) -> Evaluation:
    """Open the questionnaires: questions are fixed from now on. Each group of the cohort gets a
    class code; the parents' personal links are made and sent in the background (after commit).
    Every questionnaire needs at least one question."""
    from visits.selectors import evaluation_groups

    _manager_only(by, evaluation.school)
    evaluation = _locked(evaluation)
    _must_be_draft(evaluation)
    present = set(evaluation.questions.values_list("audience", flat=True))
    missing = [str(label) for value, label in Audience.choices if value not in present]
    if missing:
        raise ValidationError(
            _("Deze vragenlijsten hebben nog geen vragen: %(lists)s.") % {"lists": ", ".join(missing)},
            code="no_questions",
        )
    if link_days is not None:
        if not 3 <= link_days <= 90:
            raise ValidationError(_("Kies tussen 3 en 90 dagen."), code="link_days")
        evaluation.parent_link_days = link_days
    for group in evaluation_groups(school=evaluation.school, school_year=evaluation.school_year):
        ClassCode.objects.create(
            school=evaluation.school,
            evaluation=evaluation,
            group_id=group["id"],
            group_name=group["name"][:40],
            code=_new_code(),
            capacity=group["pupils"],
        )
    evaluation.status = Evaluation.Status.OPEN
    evaluation.opened_at = timezone.now()
    evaluation.save(update_fields=["status", "opened_at", "parent_link_days"])
    # With the broker down the questionnaires are open all the same; the periodic
    # ``send_open_invitations`` sends the links that were not sent now.
    evaluation_opened.send(sender=Evaluation, evaluation_id=evaluation.pk)
    return evaluation


@transaction.atomic
def evaluation_close(*, evaluation: Evaluation, by: User) -> Evaluation:
    """Close the questionnaires: no more answers from anyone. Results show from now on, so a
    watcher cannot see one person's answer arrive."""
    _manager_only(by, evaluation.school)
    evaluation = _locked(evaluation)
    if evaluation.status != Evaluation.Status.OPEN:
        raise ValidationError(_("De vragenlijsten staan niet open."), code="not_open")
    evaluation.status = Evaluation.Status.CLOSED
    evaluation.closed_at = timezone.now()
    evaluation.save(update_fields=["status", "closed_at"])
    return evaluation


# --- Parent invitations ------------------------------------------------------------------------


def parent_link(token: str) -> str:
    return settings.SITE_URL + reverse("evaluation:parent_answer", args=[token])


@transaction.atomic
def parent_invitation_send(*, evaluation_id: int, family: dict) -> bool:
    """Make one family's personal link and queue the message with it, together: the token is
    known only in this moment (only its hash is stored), so a family that has an invitation is
    never invited twice. Returns whether a new invitation was made.

    ``family`` is a row of ``visits.selectors.evaluation_families``: the family is written to
    the way the home-visit reminders write to it (``family_contact``: a family that prefers a
    call or a letter, or has no usable address, gets no message), in the language its parents
    read, if the questionnaire ships it (``parent_language``)."""
    from notifications.models import Notification
    from notifications.services import notification_queue
    from visits.selectors import parent_language, parent_message_window

    evaluation = Evaluation.objects.select_related("school").get(pk=evaluation_id)
    if evaluation.status != Evaluation.Status.OPEN:
        return False
    if ParentInvitation.objects.filter(evaluation=evaluation, family_id=family["id"]).exists():
        return False
    if family["contact"] is None:
        return False  # the teacher or the school reaches this family in person or on paper
    channel, address = family["contact"]
    language = parent_language(family["languages"], offered=content.PARENT_LANGUAGES)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    expires_at = timezone.now() + datetime.timedelta(days=evaluation.parent_link_days)
    try:
        with transaction.atomic():
            ParentInvitation.objects.create(
                school=evaluation.school,
                evaluation=evaluation,
                family_id=family["id"],
                token_hash=token_hash(token),
                language=language,
                expires_at=expires_at,
            )
    except IntegrityError:  # another worker invited this family a moment ago
        return False
    words = content.ui(language)
    values = {
        "school": evaluation.school.name,
        "link": parent_link(token),
        "date": timezone.localtime(expires_at).strftime("%d-%m-%Y"),
    }
    if channel in (Notification.Channel.SMS, Notification.Channel.WHATSAPP):  # the short text
        body = content.invitation_sms(language, **values)
    else:
        body = words["message"].format(**values)
    notification_queue(
        school=evaluation.school,
        key=f"evaluation_invite:evaluation={evaluation.pk}:family={family['id']}",
        kind="evaluation_invite",
        channel=channel,
        address=address,
        language=language,
        subject=words["subject"],
        body=body,
        family_id=family["id"],
        window=parent_message_window(),  # opened at night, the invitations go out in the morning
    )
    return True


# --- Answering ---------------------------------------------------------------------------------


def _clean_answers(questions: list[Question], given: dict[int, Given]) -> list[tuple[Question, Given]]:
    """Keep the answers to ``questions`` that say something; at least one is required."""
    kept = []
    for question in questions:
        answer = given.get(question.pk)
        if answer is None:
            continue
        if question.kind == Question.Kind.SCALE:
            if answer.scale is None:
                continue
            if not 1 <= answer.scale <= 5:
                raise ValidationError(_("Kies een antwoord van 1 tot 5."), code="scale")
            kept.append((question, Given(scale=answer.scale)))
        else:
            text = answer.text.strip()[:MAX_OPEN_TEXT]
            if text:
                kept.append((question, Given(text=text)))
    if not kept:
        raise ValidationError(_("Beantwoord minstens één vraag."), code="empty")
    return kept


def _store(evaluation: Evaluation, audience: str, kept: list[tuple[Question, Given]], group_name: str = "") -> None:
    response = Response.objects.create(
        school=evaluation.school, evaluation=evaluation, audience=audience, group_name=group_name
    )
    Answer.objects.bulk_create(
        Answer(school=evaluation.school, response=response, question=q, scale=a.scale, text=a.text) for q, a in kept
    )


class AnswerRefused(ValidationError):
    """Why a link or code cannot answer: ``code`` is invalid, used, expired or closed."""


@transaction.atomic
def parent_answer_submit(*, token: str, given: dict[int, Given], language: str = "") -> None:
    """Store one family's answers, once: the invitation must exist, be unused and unexpired, and
    its evaluation open. The invitation is marked used in the same transaction, with the
    ``language`` the parent answered in (one the questionnaire ships), so the link opened again
    says "already filled in" in that language."""
    invitation = ParentInvitation.objects.select_for_update().filter(token_hash=token_hash(token)).first()
    if invitation is None:
        raise AnswerRefused("invalid", code="invalid")
    if invitation.used:
        raise AnswerRefused("used", code="used")
    evaluation = Evaluation.objects.select_related("school").get(pk=invitation.evaluation_id)
    if evaluation.status != Evaluation.Status.OPEN:
        raise AnswerRefused("closed", code="closed")
    if invitation.expires_at <= timezone.now():
        raise AnswerRefused("expired", code="expired")
    questions = list(evaluation.questions.filter(audience=Audience.PARENT))
    kept = _clean_answers(questions, given)
    invitation.used = True
    if language in content.PARENT_LANGUAGES:
        invitation.language = language
    invitation.save(update_fields=["used", "language"])
    _store(evaluation, Audience.PARENT, kept)


@transaction.atomic
def teacher_answer_submit(*, evaluation: Evaluation, user: User, given: dict[int, Given]) -> None:
    """Store a teacher's answers, once per teacher, while the questionnaires are open."""
    evaluation = _locked(evaluation)
    if evaluation.status != Evaluation.Status.OPEN:
        raise ValidationError(_("De vragenlijsten zijn gesloten."), code="closed")
    kept = _clean_answers(list(evaluation.questions.filter(audience=Audience.TEACHER)), given)
    try:
        with transaction.atomic():
            TeacherParticipation.objects.create(school=evaluation.school, evaluation=evaluation, user=user)
    except IntegrityError:
        raise ValidationError(_("U heeft de vragenlijst al ingevuld."), code="used") from None
    _store(evaluation, Audience.TEACHER, kept)


@transaction.atomic
def pupil_answer_submit(*, code: str, given: dict[int, Given]) -> None:
    """Store one pupil's answers through their class code, while open; a class hands in at most as
    many answers as it has pupils."""
    from .access import normalise_code

    class_code = ClassCode.objects.select_for_update().filter(code=normalise_code(code)).first()
    if class_code is None:
        raise AnswerRefused("invalid", code="invalid")
    evaluation = Evaluation.objects.select_related("school").get(pk=class_code.evaluation_id)
    if evaluation.status != Evaluation.Status.OPEN:
        raise AnswerRefused("closed", code="closed")
    if class_code.used >= class_code.capacity:
        raise AnswerRefused("full", code="full")
    kept = _clean_answers(list(evaluation.questions.filter(audience=Audience.PUPIL)), given)
    ClassCode.objects.filter(pk=class_code.pk).update(used=F("used") + 1)
    _store(evaluation, Audience.PUPIL, kept, group_name=class_code.group_name)


# --- Findings, decision, actions ---------------------------------------------------------------


@transaction.atomic
def bottleneck_add(*, evaluation: Evaluation, description: str, nature: str, solution: str, by: User) -> Bottleneck:
    """Record a bottleneck, where it lies (organisation or person) and its solution."""
    _manager_only(by, evaluation.school)
    bottleneck = Bottleneck(
        school=evaluation.school,
        evaluation=evaluation,
        description=description.strip(),
        nature=nature,
        solution=solution.strip(),
    )
    bottleneck.full_clean()
    bottleneck.save()
    return bottleneck


@transaction.atomic
def bottleneck_delete(*, bottleneck: Bottleneck, by: User) -> None:
    """Remove a bottleneck recorded by mistake."""
    _manager_only(by, bottleneck.school)
    bottleneck.delete()


@transaction.atomic
def decision_record(*, evaluation: Evaluation, decision: str, note: str, by: User) -> Evaluation:
    """Record the school's decision (continue, continue with changes, stop). Changing one's mind
    is allowed until the report goes out; who and when is kept. Continuing with changes needs a
    note saying which changes."""
    _manager_only(by, evaluation.school)
    evaluation = _locked(evaluation)
    if decision not in (c for c in Evaluation.Decision.values if c):
        raise ValidationError({"decision": _("Kies een besluit.")}, code="decision")
    if decision == Evaluation.Decision.ADJUST and not note.strip():
        raise ValidationError({"note": _("Schrijf op welke aanpassingen er komen.")}, code="note")
    evaluation.decision, evaluation.decision_note = decision, note.strip()
    evaluation.decided_at, evaluation.decided_by = timezone.now(), by
    evaluation.save(update_fields=["decision", "decision_note", "decided_at", "decided_by"])
    return evaluation


@transaction.atomic
def action_add(*, evaluation: Evaluation, description: str, owner: User, due: datetime.date, by: User) -> Action:
    """Add an improvement action with an owner who works at the school and a due date."""
    from huisbezoek.access import staff_of_school

    _manager_only(by, evaluation.school)
    if not staff_of_school(evaluation.school).filter(user=owner).exists():
        raise ValidationError({"owner": _("Kies iemand die op deze school werkt.")}, code="owner")
    action = Action(
        school=evaluation.school, evaluation=evaluation, description=description.strip(), owner=owner, due=due
    )
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def action_done(*, action: Action, by: User) -> Action:
    """Mark an action done: by its owner or the directie. Doing it twice changes nothing."""
    if action.owner_id != by.pk and not is_manager(by, action.school):
        raise PermissionDenied(_("Alleen wie het oppakt of de directie mag dit afvinken."))
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.done_at is None:
        action.done_at, action.done_by = timezone.now(), by
        action.save(update_fields=["done_at", "done_by"])
    return action


@transaction.atomic
def invitations_forget_family(*, school: School, family_id: int) -> int:
    """Retention: a purged family's questionnaire invitations go (their answers were never linked
    to them). Returns the number of invitations removed."""
    return ParentInvitation.objects.filter(school=school, family_id=family_id).delete()[0]
