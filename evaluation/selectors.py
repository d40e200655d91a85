"""Reads of the evaluation: anonymous results, the year's figures, actions for the home page.

Results are aggregates only. A group of respondents smaller than ``MIN_GROUP`` is never shown
on its own: a whole questionnaire with fewer answers shows no results at all, and a pupil group
under the limit is folded into "other groups". When the groups folded away add up to fewer than
``MIN_GROUP`` (so the total minus the shown groups would give them away), the smallest shown
groups are folded in too until they do not. The same holds per question: a question answered
by fewer than ``MIN_GROUP`` (overall or within a shown group) shows no answers, only a note.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from huisbezoek.models import SchoolYear

from .models import Action, Answer, Audience, ClassCode, Evaluation, ParentInvitation, Question, Response, Theme

if TYPE_CHECKING:
    from huisbezoek.models import School, User

MIN_GROUP = 5
# Answer 1 (not true at all) to 5 (very true): red to the project's blue, grey in the middle.
SCALE_COLOURS = ("#b03a2e", "#e59866", "#bfc5ca", "#7fb3d5", "#1f5f8b")


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    distribution: list[int] = field(default_factory=lambda: [0] * 5)  # answers 1..5
    texts: list[str] = field(default_factory=list)
    # Answered by fewer than MIN_GROUP: nothing of the answers is shown (see ``_tally``).
    too_few: bool = False

    @property
    def mean(self) -> Decimal | None:
        if not self.answered or self.question.kind != Question.Kind.SCALE:
            return None
        total = sum((i + 1) * n for i, n in enumerate(self.distribution))
        return (Decimal(total) / self.answered).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def shares(self) -> list[tuple[int, int, int]]:
        """(value, count, percent) for 1..5."""
        return [
            (i + 1, n, round(100 * n / self.answered) if self.answered else 0) for i, n in enumerate(self.distribution)
        ]

    @property
    def segments(self) -> list[tuple[int, int, float, float, str]]:
        """(value, count, width, start, colour) on a 0-100 axis, for a stacked bar."""
        out, start = [], 0.0
        for value, count in enumerate(self.distribution, start=1):
            width = round(100 * count / self.answered, 2) if self.answered else 0.0
            out.append((value, count, width, round(start, 2), SCALE_COLOURS[value - 1]))
            start += width
        return out

    @property
    def agree_percent(self) -> int | None:
        """Share answering 4 or 5 ("true" or "very true")."""
        if not self.answered or self.question.kind != Question.Kind.SCALE:
            return None
        return round(100 * (self.distribution[3] + self.distribution[4]) / self.answered)


@dataclass
class ThemeResult:
    theme: str
    label: Any
    questions: list[QuestionResult]


@dataclass
class GroupResult:
    name: str
    respondents: int
    questions: list[QuestionResult]


@dataclass
class AudienceResult:
    audience: str
    label: Any
    respondents: int
    shown: bool
    themes: list[ThemeResult]
    groups: list[GroupResult] = field(default_factory=list)
    hidden_groups: int = 0  # groups folded into "other groups"
    hidden_respondents: int = 0


@dataclass
class Results:
    visible: bool  # False while the questionnaires are open: nothing is shown until they close
    audiences: list[AudienceResult]
    invited_families: int
    answered_families: int
    teachers_answered: int

    def for_theme(self, theme: str) -> list[tuple[AudienceResult, ThemeResult]]:
        out = []
        for audience in self.audiences:
            for t in audience.themes:
                if t.theme == theme and audience.shown:
                    out.append((audience, t))
        return out


def _fold_small_groups(sizes: dict[str, int]) -> set[str]:
    """The names of the groups to show separately (see the module docstring)."""
    shown = {name for name, n in sizes.items() if n >= MIN_GROUP}
    hidden = sum(n for name, n in sizes.items() if name not in shown)
    while shown and 0 < hidden < MIN_GROUP:
        smallest = min(shown, key=lambda name: (sizes[name], name))
        shown.discard(smallest)
        hidden += sizes[smallest]
    if len(shown) == 1 and hidden == 0:
        return set()  # one group is the total: nothing to show separately
    return shown


def _tally(rows: list[dict], questions: list[Question]) -> dict[int, QuestionResult]:
    results = {q.pk: QuestionResult(q) for q in questions}
    for row in rows:
        result = results.get(row["question_id"])
        if result is None:
            continue
        if row["scale"]:
            result.distribution[row["scale"] - 1] += row["n"]
            result.answered += row["n"]
        elif row["text"]:
            result.texts.extend([row["text"]] * row["n"])
            result.answered += row["n"]
    for result in results.values():
        if 0 < result.answered < MIN_GROUP:
            # A question answered by only a few (an open question one family filled in, say) would
            # give them away even when the questionnaire as a whole has enough respondents.
            result.answered, result.distribution, result.texts = 0, [0] * 5, []
            result.too_few = True
        # Alphabetical, never in the order they came in.
        result.texts.sort(key=str.casefold)
    return results


def _themes(questions: list[Question], tallies: dict[int, QuestionResult]) -> list[ThemeResult]:
    themes = []
    for value, label in Theme.choices:
        items = [tallies[q.pk] for q in questions if q.theme == value]
        if items:
            themes.append(ThemeResult(value, label, items))
    return themes


def results(*, evaluation: Evaluation) -> Results:
    """The anonymous results of an evaluation, per questionnaire and theme. Five queries."""
    visible = evaluation.status == Evaluation.Status.CLOSED
    questions = list(evaluation.questions.all())
    respondents = Counter[str]()
    group_sizes: dict[str, int] = {}
    for row in Response.objects.filter(evaluation=evaluation).values("audience", "group_name").annotate(n=Count("pk")):
        respondents[row["audience"]] += row["n"]
        if row["audience"] == Audience.PUPIL:
            group_sizes[row["group_name"]] = group_sizes.get(row["group_name"], 0) + row["n"]
    answer_rows: list[dict] = []
    if visible:
        answer_rows = list(
            Answer.objects.filter(response__evaluation=evaluation)
            .values("question_id", "scale", "text", "response__group_name")
            .annotate(n=Count("pk"))
            .order_by()
        )
    merged: dict[tuple[int, Any, str], int] = defaultdict(int)  # all groups together
    for row in answer_rows:
        merged[(row["question_id"], row["scale"], row["text"])] += row["n"]
    rows = [{"question_id": k[0], "scale": k[1], "text": k[2], "n": v} for k, v in merged.items()]
    audiences = []
    for audience, label in Audience.choices:
        own = [q for q in questions if q.audience == audience]
        n = respondents[audience]
        shown = visible and n >= MIN_GROUP
        tallies = _tally(rows, own) if shown else {q.pk: QuestionResult(q) for q in own}
        result = AudienceResult(audience, label, n, shown, _themes(own, tallies))
        if shown and audience == Audience.PUPIL and group_sizes:
            named = _fold_small_groups(group_sizes)
            for name in sorted(named):
                group_rows = [r for r in answer_rows if r["response__group_name"] == name]
                scales = [q for q in own if q.kind == Question.Kind.SCALE]
                result.groups.append(GroupResult(name, group_sizes[name], list(_tally(group_rows, scales).values())))
            result.hidden_groups = len(group_sizes) - len(named)
            result.hidden_respondents = sum(v for k, v in group_sizes.items() if k not in named)
        audiences.append(result)
    invitations = evaluation.invitations.aggregate(n=Count("pk"), used=Count("pk", filter=Q(used=True)))
    return Results(
        visible=visible,
        audiences=audiences,
        invited_families=invitations["n"],
        answered_families=invitations["used"],
        teachers_answered=evaluation.participations.count(),
    )


def actions_open_for(*, user: User, school: School) -> QuerySet[Action]:
    """Improvement actions ``user`` owns at ``school`` that are not done (nor carried to a newer evaluation)."""
    return (
        Action.objects.filter(school=school, owner=user, done_at__isnull=True, carried_to__isnull=True)
        .select_related("evaluation__school_year")
        .order_by("due", "pk")
    )


def open_evaluation_for_teacher(*, user: User, school: School) -> Evaluation | None:
    """The school's evaluation with open questionnaires that ``user`` has not answered yet."""
    return (
        Evaluation.objects.filter(school=school, status=Evaluation.Status.OPEN)
        .exclude(participations__user=user)
        .select_related("school_year")
        .first()
    )


@dataclass(frozen=True)
class FigureRow:
    label: Any
    now: Any
    before: Any = None


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "—"


def _figure_values(f: Any) -> list[Any]:
    total = f.total
    per_visit = f.hours_per_reported_visit
    return [
        total.cohort,
        total.visited_or_reported,
        _percent(total.visited_or_reported, total.cohort),
        total.reported,
        f.declined_families,
        f.school_talks_held,
        f.failed_families,
        total.unreachable,
        total.still_open,
        f.interpreter_visits,
        f.consults_asked,
        f.consults_answered,
        f.flags_total,
        f.care_closed,
        f.care_open,
        total.hours_spent,
        total.hours_budgeted,
        per_visit if per_visit is not None else "—",
        f.hours_per_visit,
    ]


def figure_rows(current: Any, previous: Any = None) -> list[FigureRow]:
    """The year's key figures (from ``visits.selectors.year_figures``), with last year's beside them."""
    from django.utils.translation import gettext_lazy as _

    labels = [
        _("Leerlingen in de doelgroep"),
        _("Thuis bezocht (met of zonder verslag)"),
        _("Bereik: deel van de doelgroep thuis bezocht"),
        _("Verslag geschreven"),
        _("Gezinnen die geen huisbezoek wilden"),
        _("Waarvan gekomen voor een gesprek op school"),
        _("Gezinnen bij wie het bezoek niet doorging (niet bereikt of geannuleerd)"),
        _("Leerlingen van wie het gezin onbereikbaar bleef"),
        _("Nog niet bezocht of gepland"),
        _("Bezoeken met een tolk"),
        _("Keren overleg gevraagd aan de zorgcoördinator"),
        _("Waarvan beantwoord"),
        _("Zorgsignalen in verslagen"),
        _("Zorgmeldingen afgesloten"),
        _("Zorgmeldingen nog open"),
        _("Uren besteed (volgens de verslagen)"),
        _("Uren begroot"),
        _("Uren per bezoek, besteed"),
        _("Uren per bezoek, begroot"),
    ]
    now = _figure_values(current)
    before = _figure_values(previous) if previous is not None else [None] * len(labels)
    return [FigureRow(label, n, b) for label, n, b in zip(labels, now, before, strict=True)]


def class_codes_for_teacher(*, user: User, school: School) -> list[Any]:
    """The class codes of the groups ``user`` teaches, while the questionnaires are open. Two queries."""
    from visits.selectors import evaluation_groups

    from .models import ClassCode

    codes = list(
        ClassCode.objects.filter(school=school, evaluation__status=Evaluation.Status.OPEN).select_related(
            "evaluation__school_year"
        )
    )
    if not codes:
        return []
    evaluation = codes[0].evaluation
    mine = {
        g["id"]
        for g in evaluation_groups(school=school, school_year=evaluation.school_year)
        if user.pk in g["teachers"]
    }
    return [c for c in codes if c.group_id in mine]


def invitation_problem(invitation: ParentInvitation) -> str:
    """Why a parent's link no longer opens the questionnaire: "used", "closed" or "expired"
    (the keys of the parents' page texts), or "" when it does."""
    if invitation.used:
        return "used"
    if invitation.evaluation.status != Evaluation.Status.OPEN:
        return "closed"
    if invitation.expires_at <= timezone.now():
        return "expired"
    return ""


def class_code_problem(class_code: ClassCode) -> str:
    """Why a class code no longer opens the questionnaire: "closed" or "full" (the whole class
    answered), or "" when it does."""
    if class_code.evaluation.status != Evaluation.Status.OPEN:
        return "closed"
    if class_code.used >= class_code.capacity:
        return "full"
    return ""


def years_without_evaluation(*, school: School) -> list[SchoolYear]:
    """The school's years that have no evaluation yet, newest first (those the directie can start)."""
    return list(SchoolYear.objects.filter(school=school, evaluation__isnull=True).order_by("-start"))


def families_to_message(evaluation: Evaluation) -> int:
    """How many families get a message with their personal link when the questionnaires open:
    the cohort's families with an address to write to. Four queries, however many families."""
    from visits.selectors import evaluation_families

    return sum(
        1
        for family in evaluation_families(school=evaluation.school, school_year=evaluation.school_year)
        if family["contact"] is not None
    )
