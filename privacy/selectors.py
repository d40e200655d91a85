"""What the privacy pages read: the retention plan, one family's review, the right-of-access document.

Nothing here changes data; the only rows written are the audit trail's records of a read
(``family_review``), as everywhere a family card is shown. What each app stores about a family
comes from the core's personal-data registry (``huisbezoek.personal_data``), never from the
apps' tables directly.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from huisbezoek import audit, languages
from huisbezoek.parent_pages import ParentLink
from huisbezoek.personal_data import ThirdPartyText, registry
from visits import personal_data

from . import content
from .models import AccessExport, CorrectionRequest, PurgeRun, RetentionPolicy

if TYPE_CHECKING:
    from huisbezoek.models import School, User
    from visits.models import Family

SOON_DAYS = 92  # the dry run also shows what expires within about three months
RUNS_SHOWN = 20
EXPORTS_SHOWN = 10


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def policy_of(*, school: School) -> RetentionPolicy:
    """The school's retention policy; the defaults (2 and 5 years), unsaved, until one is stored."""
    return RetentionPolicy.objects.filter(school=school).first() or RetentionPolicy(school=school)


@dataclass(frozen=True)
class PlannedPurge:
    """What retention does to one family, and when."""

    family: Family
    left_on: datetime.date
    family_due: datetime.date
    care_due: datetime.date
    care_cases: int
    open_care_cases: int
    anonymised: bool  # already anonymised earlier

    def action(self, today: datetime.date) -> str:
        """``delete``, ``anonymise``, ``delete_care`` (a ``personal_data.Purge``) or ``""`` on ``today``."""
        family_expired = self.family_due <= today
        care_held = self.open_care_cases > 0 or (self.care_cases > 0 and self.care_due > today)
        if family_expired and not care_held:
            return "delete"
        if family_expired and not self.anonymised:
            return "anonymise"
        # Closed care cases past their own period go, also while a sibling's case is still open.
        if self.care_due <= today and self.care_cases > self.open_care_cases:
            return "delete_care"
        return ""

    @property
    def due(self) -> datetime.date:
        """The next day something of this family is removed."""
        if self.care_cases and self.care_due < self.family_due:
            return self.care_due
        return self.family_due


def retention_plan(*, school: School, today: datetime.date | None = None) -> list[PlannedPurge]:
    """Every family whose pupils have all left, with its dates; one query for families and pupils."""
    policy = policy_of(school=school)
    plans = []
    for family in personal_data.families_left(school=school):
        left_on = family.last_left_on  # type: ignore[attr-defined]
        plans.append(
            PlannedPurge(
                family=family,
                left_on=left_on,
                family_due=add_years(left_on, policy.family_years),
                care_due=add_years(left_on, policy.care_years),
                care_cases=family.care_cases,  # type: ignore[attr-defined]
                open_care_cases=family.open_care_cases,  # type: ignore[attr-defined]
                anonymised=family.name == personal_data.ANONYMISED_NAME,
            )
        )
    return plans


def consults_cutoff(policy: RetentionPolicy, today: datetime.date) -> datetime.datetime:
    day = add_years(today, -policy.care_years)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def action_label(action: str) -> str:
    labels = {
        "delete": _("Alles verwijderen"),
        "anonymise": _("Anonimiseren; afgesloten zorgmeldingen blijven tot hun eigen termijn"),
        "delete_care": _("Afgesloten zorgmeldingen verwijderen"),
    }
    return labels.get(action, "")


def retention_overview(*, school: School, today: datetime.date) -> dict[str, Any]:
    """The retention page: the policy, what goes now, soon, or is held by an open care case,
    the consults due, and the purge log (a fixed number of queries)."""
    policy = policy_of(school=school)
    horizon = today + datetime.timedelta(days=SOON_DAYS)
    now_rows, soon_rows, held_rows = [], [], []
    for planned in retention_plan(school=school, today=today):
        action = planned.action(today)
        row = {"planned": planned, "action": action_label(action), "pupils": list(planned.family.pupils.all())}
        if action:
            now_rows.append(row)
        elif planned.open_care_cases and planned.family_due <= today:
            held_rows.append(row)
        elif planned.due <= horizon:
            row["action"] = action_label(planned.action(planned.due))
            soon_rows.append(row)
    return {
        "policy": policy,
        "now_rows": now_rows,
        "soon_rows": soon_rows,
        "held_rows": held_rows,
        "soon_days": SOON_DAYS,
        "runs": PurgeRun.objects.filter(school=school).select_related("by")[:RUNS_SHOWN],
        "consults_due": personal_data.consults_without_visit_count(
            school=school, asked_before=consults_cutoff(policy, today)
        ),
    }


def retention_due_now(*, school: School, today: datetime.date) -> dict[str, Any]:
    """Whether the purge is on, and how many families the next run removes (the home-page panel)."""
    due_now = sum(1 for planned in retention_plan(school=school, today=today) if planned.action(today))
    return {"active": policy_of(school=school).active_since is not None, "due_now": due_now}


def families(*, school: School, query: str = "") -> QuerySet[Family]:
    """The school's families by name, those matching ``query`` (family or pupil name) only."""
    found = personal_data.families_of_school(school=school).order_by("name", "pk")
    if query:
        found = found.filter(
            Q(name__icontains=query) | Q(pupils__first_name__icontains=query) | Q(pupils__last_name__icontains=query)
        ).distinct()
    return found


def third_party_choices(texts: list[ThirdPartyText]) -> list[tuple[int, str]]:
    """The review form's choices: each third-party text that may be left out of the export."""
    return [(text.id, text.title) for text in texts]


def export_choices(*, family: Family) -> list[tuple[int, str]]:
    """The third-party texts of every registered entry, as the review form's choices."""
    return third_party_choices(registry.third_party(family))


def family_review(*, user: User, school: School, family: Family) -> dict[str, Any]:
    """The review step before an export: the third-party texts of every registered entry, what
    the export holds, the correction requests and the exports made earlier.

    Showing the family card and the third-party texts is a read: it goes into the audit trail."""
    texts = registry.third_party(family)
    audit.record_reads(user=user, school=school, object_type=personal_data.FAMILY_AUDIT_TYPE, object_ids=[family.pk])
    by_type: dict[str, set[int]] = {}
    for text in texts:
        by_type.setdefault(text.audit_type, set()).add(text.audit_id)
    for object_type, ids in by_type.items():
        audit.record_reads(user=user, school=school, object_type=object_type, object_ids=sorted(ids))
    corrections = CorrectionRequest.objects.filter(school=school, family=family).select_related(
        "recorded_by", "decided_by"
    )
    return {
        "family": family,
        "pupils": list(family.pupils.all()),
        "third_party": texts,
        "choices": third_party_choices(texts),
        "holds": [entry.label for entry in registry],
        "corrections": list(corrections),
        "exports": AccessExport.objects.filter(family=family).select_related("made_by")[:EXPORTS_SHOWN],
    }


# The keys the document itself adds; every other key is a section of a registered entry.
DOCUMENT_KEYS = ("school", "made_at", "redacted_entries")


def access_document(
    *, school: School, family: Family, withheld: frozenset[int], made_at: datetime.datetime
) -> dict[str, Any]:
    """Everything stored about ``family``, from every registered entry, as plain data.

    Complete except the third-party texts in ``withheld``, whose existence and date stay."""
    return {
        "school": school.name,
        "made_at": made_at.isoformat(),
        "redacted_entries": len(withheld),
        **registry.export(family, withheld=withheld),
    }


# --- The parents' privacy notice (public) -------------------------------------------------------


@dataclass(frozen=True)
class NoticeBlock:
    """A paragraph (``text``) or a list (``items``) of one section."""

    text: str = ""
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class NoticeSection:
    key: str
    heading: str
    blocks: tuple[NoticeBlock, ...]


@dataclass(frozen=True)
class ParentNotice:
    language: str
    rtl: bool
    title: str
    intro: str
    sections: tuple[NoticeSection, ...]
    school_name: str
    phone: str
    email: str
    labels: dict[str, str]
    languages: tuple[languages.Language, ...]  # each named in its own script


def _blocks(body: str) -> tuple[NoticeBlock, ...]:
    blocks: list[NoticeBlock] = []
    items: list[str] = []
    for line in body.split("\n"):
        if line.startswith("- "):
            items.append(line[2:])
            continue
        if items:
            blocks.append(NoticeBlock(items=tuple(items)))
            items = []
        blocks.append(NoticeBlock(text=line))
    if items:
        blocks.append(NoticeBlock(items=tuple(items)))
    return tuple(blocks)


def parent_notice(*, school: School, language: str) -> ParentNotice:
    """What the school records about a home visit, for parents in ``language`` (one of
    ``content.LANGUAGES``): with the school's own retention periods (the defaults until its
    administrator changes them) and its own phone number and e-mail address."""
    texts = content.module(language)
    policy = policy_of(school=school)
    values = {
        # Isolated (FSI ... PDI), so a Latin name cannot turn an Arabic sentence around, nor the reverse.
        "school": f"\u2068{school.name}\u2069",
        "family_years": texts.years(policy.family_years),
        "care_years": texts.years(policy.care_years),
    }
    sections = tuple(
        NoticeSection(key=key, heading=texts.SECTIONS[key][0], blocks=_blocks(texts.SECTIONS[key][1].format(**values)))
        for key in content.SECTION_KEYS
    )
    return ParentNotice(
        language=language,
        rtl=languages.BY_CODE[language].rtl,
        title=texts.TITLE,
        intro=texts.INTRO.format(**values),
        sections=sections,
        school_name=school.name,
        phone=school.phone,
        email=school.email,
        labels={"phone": texts.PHONE, "email": texts.EMAIL, "choose_language": texts.CHOOSE_LANGUAGE},
        languages=tuple(languages.BY_CODE[code] for code in content.LANGUAGES),
    )


def notice_link(code: str, language: str) -> ParentLink:
    """The link to the notice that the protocol's parent page shows (through ``huisbezoek.parent_pages``),
    in the page's language, or in Dutch for a language the notice does not have."""
    shown = language if language in content.LANGUAGES else content.SOURCE_LANGUAGE
    return ParentLink(
        text=content.module(shown).TITLE,
        url=reverse("privacy:public_notice", args=[code, shown]),
        language=shown,
    )
