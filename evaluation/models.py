"""The evaluation of a school year's home visits: questionnaires, anonymous answers, findings, actions.

Anonymity is built into the tables, not promised by the views:

* A ``Response`` has a random UUID key, no timestamp and no link to the invitation, the
  family, the teacher or the class code that let it in. Who took part is recorded apart
  (``ParentInvitation.used``, ``TeacherParticipation``) in the same transaction, without a
  time, so the two cannot be joined by key, order or moment.
* Families and groups of the visits app are referred to by id only (``family_id``,
  ``group_id``): evaluation reads visits through ``visits.selectors`` and never imports its
  models.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huisbezoek.models import School, SchoolYear


class Audience(models.TextChoices):
    TEACHER = "teacher", _("Leerkrachten")
    PARENT = "parent", _("Ouders")
    PUPIL = "pupil", _("Leerlingen")


class Theme(models.TextChoices):
    """The four questions every evaluation answers (step 5 of the plan for school leaders)."""

    EXPERIENCE = "experience", _("Hoe heeft iedereen de huisbezoeken ervaren?")
    INFORMATION = "information", _("Leverden de bezoeken belangrijke informatie over de leerling op?")
    RELATION = "relation", _("Is de band tussen leerkracht, leerling en ouders beter geworden?")
    CARE = "care", _("Hoe vaak is de zorgcoördinator geraadpleegd, en ging dat zoals gewenst?")


class Evaluation(models.Model):
    class Kind(models.TextChoices):
        TRIAL = "trial", _("Evaluatie van het proefjaar")
        YEARLY = "yearly", _("Jaarlijkse evaluatie")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Vragenlijsten voorbereiden")
        OPEN = "open", _("Vragenlijsten staan open")
        CLOSED = "closed", _("Vragenlijsten gesloten")

    class Decision(models.TextChoices):
        UNDECIDED = "", _("Nog geen besluit")
        CONTINUE = "continue", _("Doorgaan")
        ADJUST = "adjust", _("Doorgaan met aanpassingen")
        STOP = "stop", _("Stoppen")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="evaluations")
    school_year = models.OneToOneField(SchoolYear, on_delete=models.CASCADE, related_name="evaluation")
    kind = models.CharField(_("soort"), max_length=8, choices=Kind.choices)
    status = models.CharField(_("stand"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evaluatie van het vorige jaar"),
    )
    parent_link_days = models.PositiveSmallIntegerField(
        _("dagen dat de link voor ouders werkt"), default=21, help_text=_("Tussen 3 en 90 dagen.")
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(_("besluit"), max_length=8, choices=Decision.choices, blank=True, default="")
    decision_note = models.TextField(_("toelichting bij het besluit"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("evaluatie")
        verbose_name_plural = _("evaluaties")
        ordering = ["school", "-school_year__start"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.school_year.label}"


class Question(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("Schaal van 1 tot 5")
        OPEN = "open", _("Open antwoord")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="questions")
    audience = models.CharField(_("voor wie"), max_length=8, choices=Audience.choices)
    theme = models.CharField(_("hoort bij vraag"), max_length=12, choices=Theme.choices)
    kind = models.CharField(_("soort antwoord"), max_length=8, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(default=0)
    # The key of the shipped default text; its translations follow it until the text is edited.
    key = models.CharField(max_length=40, blank=True)
    text = models.CharField(_("vraag"), max_length=300)

    class Meta:
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        ordering = ["evaluation", "audience", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class ClassCode(models.Model):
    """The short code a teacher writes on the board so the pupils of one group can answer."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="class_codes")
    group_id = models.PositiveIntegerField()
    group_name = models.CharField(max_length=40)
    code = models.CharField(max_length=12, unique=True)
    # A class cannot hand in more answers than it has pupils.
    capacity = models.PositiveSmallIntegerField()
    used = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["evaluation", "group_name"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "group_id"], name="classcode_one_per_group")]

    def __str__(self) -> str:
        return f"{self.group_name}: {self.code}"


class ParentInvitation(models.Model):
    """One family's personal link: only the SHA-256 of the token is kept.

    ``used`` is a flag without a time, on purpose (see the module docstring)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="invitations")
    family_id = models.PositiveIntegerField()
    token_hash = models.CharField(max_length=64, unique=True)
    language = models.CharField(max_length=8)
    expires_at = models.DateTimeField()
    used = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "family_id"], name="invitation_one_per_family"),
        ]

    def __str__(self) -> str:
        return f"invitation {self.pk}"


class TeacherParticipation(models.Model):
    """That a teacher answered (once); their answers are not linked to it."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["evaluation", "user"], name="participation_once")]

    def __str__(self) -> str:
        return f"participation {self.pk}"


class Response(models.Model):
    """One anonymous filled-in questionnaire. Random key, no time, no link to who sent it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="responses")
    audience = models.CharField(max_length=8, choices=Audience.choices)
    # Pupils only: the group whose class code was used, for results per group (of 5 or more).
    group_name = models.CharField(max_length=40, blank=True)

    def __str__(self) -> str:
        return f"response {self.audience}"


class Answer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    scale = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"answer {self.question_id}"


class Bottleneck(models.Model):
    class Nature(models.TextChoices):
        ORGANISATIONAL = "organisational", _("In de organisatie")
        PERSONAL = "personal", _("Persoonlijk")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="bottlenecks")
    description = models.CharField(_("knelpunt"), max_length=500)
    nature = models.CharField(_("waar ligt het"), max_length=16, choices=Nature.choices)
    solution = models.TextField(_("oplossing"), blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["evaluation", "created", "pk"]

    def __str__(self) -> str:
        return self.description


class Action(models.Model):
    """An improvement to pick up at once, with an owner and a date; on the owner's home page until done."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("verbeterpunt"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("wie pakt het op")
    )
    due = models.DateField(_("klaar op"))
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    carried_from = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="carried_to"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["evaluation", "due", "pk"]

    def __str__(self) -> str:
        return self.description
