"""Factories for the privacy tests, and a family with a full history (every kind of row)."""

import datetime
import json

import factory
from django.utils import timezone

from privacy.models import CorrectionRequest
from visits.models import (
    CareCase,
    CaseEntry,
    Consult,
    ContactAttempt,
    Family,
    Report,
    ReportAgreement,
    ReportVersion,
    Visit,
    VisitTransition,
)
from visits.tests.factories import (
    CareCaseFactory,
    FamilyLanguageFactory,
    GuardianFactory,
    PupilFactory,
    ReportFactory,
    VisitFactory,
)

MARKER = "GEHEIM-7f3a"  # stands in for confidential text; must never leak


class CorrectionRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CorrectionRequest

    family = factory.SubFactory("visits.tests.factories.FamilyFactory")
    school = factory.SelfAttribute("family.school")
    received_on = datetime.date(2026, 10, 1)
    requested_by = "moeder"
    request = "Het telefoonnummer klopt niet meer."
    recorded_by = factory.SubFactory("huisbezoek.tests.factories.UserFactory")


def family_with_history(
    *,
    group,
    teacher,
    care_coordinator,
    left_on: datetime.date | None,
    care: str | None = None,
    pupils: int = 1,
    third_party_text: str = "De buurvrouw hoorde geschreeuw.",
) -> Family:
    """A family of ``pupils`` children in ``group`` with a reported visit (a contact attempt, a
    transition, an agreement, an earlier report version, a consult) and, with ``care`` set to
    ``"open"`` or ``"closed"``, a care case of two steps (one told by a third party)."""
    school, year = group.school, group.school_year
    first = PupilFactory(school=school, group=group, left_on=left_on)
    family = first.family
    for _ in range(pupils - 1):
        PupilFactory(school=school, group=group, family=family, left_on=left_on)
    GuardianFactory(family=family)
    FamilyLanguageFactory(family=family, language="rif")
    visit = VisitFactory(pupil=first, lead_visitor=teacher, status=Visit.Status.REPORTED)
    VisitTransition.objects.create(visit=visit, from_status="", to_status=Visit.Status.TO_PLAN, by=teacher)
    ContactAttempt.objects.create(visit=visit, at=timezone.now(), channel="phone", outcome="reached", by=teacher)
    report = ReportFactory(
        visit=visit,
        key_points="Leest graag.",
        confidential_notes=f"Vader werkloos {MARKER}",
        flagged=True,
        flag_urgency=Report.Urgency.NORMAL,
        flag_reason=f"Zorgen {MARKER}",
        version=2,
    )
    ReportAgreement.objects.create(report=report, what="Huiswerkclub", owner="school")
    ReportVersion.objects.create(
        report=report, number=1, content=json.dumps({"confidential_notes": f"eerder {MARKER}"}), saved_by=teacher
    )
    Consult.objects.create(
        school=school, school_year=year, asked_by=teacher, visit=visit, moment="after", question=f"Vraag {MARKER}"
    )
    if care:
        case = CareCaseFactory(
            pupil=first,
            report=report,
            urgency=Report.Urgency.NORMAL,
            opened_by=care_coordinator,
            status=CareCase.Status.CLOSED if care == "closed" else CareCase.Status.OPEN,
        )
        own = CaseEntry.objects.create(
            case=case,
            step=1,
            happened_on=datetime.date(2024, 3, 1),
            by=care_coordinator,
            text=f"Gezien {MARKER}",
            source="own",
        )
        CaseEntry.objects.create(
            case=case,
            step=1,
            happened_on=datetime.date(2024, 3, 2),
            by=care_coordinator,
            text=third_party_text,
            source="other",
            source_detail="Buurvrouw, mevrouw Visser",
            supersedes=own,
        )
    return family
