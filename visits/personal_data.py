"""What the visits app stores about a family: its entry in the personal-data registry.

The privacy app decides *when* a family's data has expired; this module knows *what* the
visits app stores about a family and removes or reads it, and registers that with the core's
``huisbezoek.personal_data`` registry (``register()``, called from ``VisitsConfig.ready()``):

* ``family_delete`` removes the family with everything hanging from it: pupils (and their groups
  per year), guardians,
  home languages, visits (transitions, contact attempts, consults), reports (agreements and
  every earlier version) and the pupils' care cases (every meldcode step).
* ``family_anonymise`` removes the same, except the pupils' care cases and the minimum that
  says whom a case is about (first and last name, date of birth, the day they left).
* ``care_cases_delete`` removes a family's closed care cases when their own period has ended.
* ``family_dossier`` reads everything stored about the family, for a right-of-access export.

Counts are keyed by model name (``"report"``, ``"reportversion"``, ...) and never hold names.
The family itself is visits' own: the privacy app finds families here (``families_left``,
``family_of_school``) and records reads of one under ``FAMILY_AUDIT_TYPE``.
"""

from __future__ import annotations

import datetime
import json
from collections import Counter
from typing import Any

from django.db import models, transaction
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import dateformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huisbezoek import audit
from huisbezoek import personal_data as registry
from huisbezoek.models import School

from . import audit_types
from .geo.services import address_forget, family_address_key
from .models import (
    CareCase,
    CaseEntry,
    Consult,
    ContactAttempt,
    Enrolment,
    Family,
    FamilyLanguage,
    Guardian,
    InterpreterBooking,
    Pupil,
    Report,
    ReportAgreement,
    ReportVersion,
    Visit,
    VisitPupil,
    VisitTransition,
)

ANONYMISED_NAME = "(geanonimiseerd)"
FAMILY_AUDIT_TYPE = audit_types.FAMILY


def families_of_school(*, school: School) -> QuerySet[Family]:
    """The school's families, with ``pupils_at_school`` and ``last_left_on`` of their pupils."""
    return Family.objects.filter(school=school).annotate(
        pupils_total=Count("pupils", distinct=True),
        pupils_at_school=Count("pupils", filter=Q(pupils__left_on__isnull=True), distinct=True),
        last_left_on=Max("pupils__left_on"),
    )


def families_left(*, school: School) -> QuerySet[Family]:
    """Families every pupil of which has left the school (a sibling still at school keeps the family)."""
    return (
        families_of_school(school=school)
        .filter(pupils_total__gt=0, pupils_at_school=0)  # type: ignore[misc]  # annotated above
        .annotate(
            care_cases=Count("pupils__care_cases", distinct=True),
            open_care_cases=Count(
                "pupils__care_cases", filter=Q(pupils__care_cases__status=CareCase.Status.OPEN), distinct=True
            ),
        )
        .prefetch_related("pupils")
        .order_by("last_left_on", "pk")
    )


def family_of_school(*, school: School, pk: int) -> Family:
    """One family of ``school`` (404 otherwise), for the administrator's privacy pages."""
    family = families_of_school(school=school).filter(pk=pk).first()
    if family is None:
        raise Http404
    return family


def _counted(deleted: dict[str, int], into: Counter[str]) -> None:
    for label, number in deleted.items():
        if number:
            into[label.rsplit(".", 1)[-1].lower()] += number


def _unlink_corrections(cases: QuerySet[CareCase]) -> None:
    """A correction protects the step it supersedes (never edited in the app); retention removes both."""
    CaseEntry.objects.filter(case__in=cases, supersedes__isnull=False).update(supersedes=None)


def _delete_consults_of_visits(visits: QuerySet[Visit], counts: Counter[str]) -> None:
    _deleted, per_model = Consult.objects.filter(visit__in=visits).delete()
    _counted(per_model, counts)


@transaction.atomic
def family_delete(*, family: Family) -> Counter[str]:
    """Delete the family and everything stored about it and its pupils, history included.

    Rule: only for a family whose retention has ended (decided by the privacy app). What other
    apps store about the family goes through their own registry entries.
    """
    counts: Counter[str] = Counter()
    family_id = family.pk
    _delete_consults_of_visits(Visit.objects.filter(family=family), counts)
    _unlink_corrections(CareCase.objects.filter(pupil__family_id=family_id))
    _deleted, per_model = Family.objects.filter(pk=family_id).delete()
    _counted(per_model, counts)
    return counts


@transaction.atomic
def family_anonymise(*, family: Family) -> Counter[str]:
    """Remove the family's data but keep its pupils' care cases (their own, longer period).

    Rule: visits, reports and their versions, contact attempts, consults, guardians, home
    languages, the pupils' groups per year and every contact detail go; a pupil keeps only first and last name, date of
    birth and leaving date, so a kept care case still says whom it is about. Idempotent.
    """
    counts: Counter[str] = Counter()
    visits = Visit.objects.filter(family=family)
    _delete_consults_of_visits(visits, counts)
    _deleted, per_model = visits.delete()
    _counted(per_model, counts)
    for queryset in (
        Guardian.objects.filter(family=family),
        FamilyLanguage.objects.filter(family=family),
        Enrolment.objects.filter(pupil__family=family),
    ):
        _deleted, per_model = queryset.delete()
        _counted(per_model, counts)
    blank: dict[str, Any] = {
        "street": "",
        "house_number": "",
        "postcode": "",
        "city": "",
        "latitude": None,  # where the family lives, found or pinned
        "longitude": None,
        "location_source": Family.LocationSource.NONE,
        "phone": "",
        "email": "",
        "sensitivities": "",
        "visitor_preference_note": "",
        "keeps_ramadan": False,  # a religious practice: special personal data
        "edited_in_app": {},
        "interpreter_consent": Family.InterpreterConsent.NOT_ASKED,
        "interpreter_needed": False,
        "interpreter_language": "",
        "interpreter_arranged_by": "",
        "dutch_proficiency": Family.DutchProficiency.GOOD,
        "preferred_channel": Family.Channel.PHONE,
        "visitor_preference": Family.VisitorPreference.NONE,
    }
    if family.name != ANONYMISED_NAME:
        counts["family_anonymised"] += 1
    Family.objects.filter(pk=family.pk).update(name=ANONYMISED_NAME, **blank)
    for pupil in Pupil.objects.filter(family=family):
        anonymous_id = f"verwijderd-{pupil.pk}"
        if pupil.external_id != anonymous_id:
            counts["pupil_anonymised"] += 1
        Pupil.objects.filter(pk=pupil.pk).update(
            external_id=anonymous_id, group=None, entry_date=None, is_new_entrant=False
        )
    return counts


def closed_care_case_ids(*, family: Family) -> list[int]:
    return list(
        CareCase.objects.filter(pupil__family=family, status=CareCase.Status.CLOSED).values_list("pk", flat=True)
    )


@transaction.atomic
def care_cases_delete(*, family: Family) -> Counter[str]:
    """Delete the closed care cases of the family's pupils (every meldcode step with them).

    Rule: an open case is never removed by retention; the care coordinator closes it first.
    """
    counts: Counter[str] = Counter()
    cases = CareCase.objects.filter(pupil__family=family, status=CareCase.Status.CLOSED)
    _unlink_corrections(cases)
    _deleted, per_model = cases.delete()
    _counted(per_model, counts)
    return counts


@transaction.atomic
def consults_without_visit_delete(*, school: School, asked_before: datetime.datetime) -> Counter[str]:
    """Consults not tied to a visit are tied to no family either: they go by their own age.
    Returns the counts (``audit_detached`` included: the trail loses its link to them)."""
    counts: Counter[str] = Counter()
    expired = _consults_without_visit(school=school, asked_before=asked_before)
    ids = list(expired.values_list("pk", flat=True))
    _deleted, per_model = expired.delete()
    _counted(per_model, counts)
    _detach_audit({audit_types.CONSULT: ids}, counts)
    return counts


def _consults_without_visit(*, school: School, asked_before: datetime.datetime) -> QuerySet[Consult]:
    return Consult.objects.filter(school=school, visit__isnull=True, asked_at__lt=asked_before)


def consults_without_visit_count(*, school: School, asked_before: datetime.datetime) -> int:
    return _consults_without_visit(school=school, asked_before=asked_before).count()


# --- Right of access ------------------------------------------------------------------------


def _value(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    return value


def _fields(obj: models.Model, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """Every concrete field of ``obj`` as (verbose name -> shown value); choices shown as their label."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in skip or field.name == "school":
            continue
        if field.is_relation:
            related = getattr(obj, field.name)
            data[field.name] = str(related) if related is not None else None
            continue
        value = getattr(obj, field.attname)
        if field.choices and value not in (None, ""):
            value = str(dict(field.flatchoices).get(value, value))
        data[field.name] = _value(value)
    return data


def third_party_entries(*, family: Family) -> QuerySet[CaseEntry]:
    """Meldcode steps of the family's pupils recording what someone else told (the review step)."""
    return (
        CaseEntry.objects.filter(case__pupil__family=family, source=CaseEntry.Source.OTHER)
        .select_related("case__pupil", "by")
        .order_by("case__opened_at", "step", "recorded_at", "pk")
    )


REDACTED = "[weggelaten: informatie van derden]"


def family_dossier(*, family: Family, redact_entries: frozenset[int] = frozenset()) -> dict[str, Any]:
    """Everything the visits app stores about ``family`` and its pupils, as plain data.

    Rule: complete — every field, every earlier report version, every meldcode step — except
    the texts of the care-case steps in ``redact_entries`` (what third parties told, which the
    administrator may leave out after review); their existence and date stay visible.
    """
    visits = (
        Visit.objects.filter(family=family)
        .select_related("school_year", "lead_visitor", "colleague", "interpreter")
        .prefetch_related(
            "pupils",
            "contact_attempts__by",
            "consults__asked_by",
            "consults__answered_by",
            "interpreter_bookings__interpreter",
        )
        .order_by("created", "pk")
    )
    reports = {
        r.visit_id: r
        for r in Report.objects.filter(visit__family=family)
        .select_related("author")
        .prefetch_related("agreements", "versions__saved_by")
    }
    transitions: dict[int, list[VisitTransition]] = {}
    for transition in VisitTransition.objects.filter(visit__family=family).select_related("by"):
        transitions.setdefault(transition.visit_id, []).append(transition)

    visit_data = []
    for visit in visits:
        report = reports.get(visit.pk)
        report_data = None
        if report is not None:
            report_data = {
                **_fields(report, skip=("visit",)),
                "agreements": [_fields(a, skip=("report",)) for a in report.agreements.all()],
                "versions": [
                    {
                        "number": v.number,
                        "saved_at": _value(v.saved_at),
                        "saved_by": str(v.saved_by),
                        "content": json.loads(v.content),
                    }
                    for v in report.versions.all()
                ],
            }
        visit_data.append(
            {
                **_fields(visit, skip=("family",)),
                "pupils": [str(p) for p in visit.pupils.all()],
                "transitions": [_fields(t, skip=("visit",)) for t in transitions.get(visit.pk, [])],
                "contact_attempts": [_fields(c, skip=("visit",)) for c in visit.contact_attempts.all()],
                "consults": [_fields(c, skip=("visit", "school_year")) for c in visit.consults.all()],
                # Which interpreter was asked and what they answered (the link's hash is no data about the family).
                "interpreter_bookings": [
                    _fields(b, skip=("visit", "school", "token_hash")) for b in visit.interpreter_bookings.all()
                ],
                "report": report_data,
            }
        )

    pupils = list(
        Pupil.objects.filter(family=family)
        .select_related("group")
        .prefetch_related(
            Prefetch("enrolments", queryset=Enrolment.objects.select_related("school_year", "group").order_by("pk"))
        )
        .order_by("last_name", "first_name")
    )
    cases = (
        CareCase.objects.filter(pupil__family=family)
        .select_related("pupil", "opened_by", "closed_by", "school_year")
        .prefetch_related("entries__by")
        .order_by("opened_at", "pk")
    )
    case_data = []
    for case in cases:
        entries = []
        for entry in case.entries.all():
            data = _fields(entry, skip=("case",))
            data["id"] = entry.pk
            if entry.pk in redact_entries:
                for name in ("text", "agreed", "source_detail", "answers"):
                    data[name] = REDACTED if data.get(name) else data.get(name)
                data["redacted"] = True
            entries.append(data)
        case_data.append({**_fields(case, skip=("report",)), "entries": entries})

    return {
        # The card's version and which fields were edited in the app are bookkeeping, not data about the family.
        "family": _fields(family, skip=("version", "edited_in_app")),
        "home_languages": [_fields(fl, skip=("family",)) for fl in family.home_languages.all()],
        "guardians": [_fields(g, skip=("family",)) for g in family.guardians.all()],
        "pupils": [
            {
                **_fields(p, skip=("family",)),
                "enrolments": [_fields(e, skip=("pupil",)) for e in p.enrolments.all()],
            }
            for p in pupils
        ],
        "visits": visit_data,
        "care_cases": case_data,
    }


def family_row_counts(*, family_id: int) -> dict[str, int]:
    """How many rows of each kind still refer to a family (for tests and the purge check)."""
    return {
        "family": Family.objects.filter(pk=family_id).count(),
        "pupil": Pupil.objects.filter(family_id=family_id).count(),
        "guardian": Guardian.objects.filter(family_id=family_id).count(),
        "visit": Visit.objects.filter(family_id=family_id).count(),
        "contactattempt": ContactAttempt.objects.filter(visit__family_id=family_id).count(),
        "report": Report.objects.filter(visit__family_id=family_id).count(),
        "reportversion": ReportVersion.objects.filter(report__visit__family_id=family_id).count(),
        "carecase": CareCase.objects.filter(pupil__family_id=family_id).count(),
        "caseentry": CaseEntry.objects.filter(case__pupil__family_id=family_id).count(),
    }


def field_labels() -> dict[str, str]:
    """Readable (translated) names of the fields in ``family_dossier``, for the PDF export."""
    labels: dict[str, str] = {}
    for model in (
        Family,
        FamilyLanguage,
        Guardian,
        Pupil,
        Enrolment,
        Visit,
        VisitTransition,
        ContactAttempt,
        Consult,
        InterpreterBooking,
        Report,
        ReportAgreement,
        CareCase,
        CaseEntry,
    ):
        for field in model._meta.concrete_fields:
            labels.setdefault(field.name, str(field.verbose_name))
    return labels


def family_object_ids(*, family: Family, care: bool = True) -> dict[str, list[int]]:
    """The numbers the audit trail may know the family's objects by (see ``huisbezoek.audit``)."""
    ids = {
        audit_types.FAMILY: [family.pk],
        audit_types.VISIT: list(Visit.objects.filter(family=family).values_list("pk", flat=True)),
        audit_types.REPORT: list(Report.objects.filter(visit__family=family).values_list("pk", flat=True)),
        audit_types.CONSULT: list(Consult.objects.filter(visit__family=family).values_list("pk", flat=True)),
        audit_types.PUPIL_FILE: list(Pupil.objects.filter(family=family).values_list("pk", flat=True)),
    }
    if care:
        ids[audit_types.CARE_CASE] = list(CareCase.objects.filter(pupil__family=family).values_list("pk", flat=True))
    return ids


def _detach_audit(ids: dict[str, list[int]], counts: Counter[str]) -> None:
    """The audit trail holds no content, only numbers: cut its link to what is purged (rows stay)."""
    for object_type, object_ids in ids.items():
        if detached := audit.detach_objects(object_type=object_type, object_ids=object_ids):
            counts["audit_detached"] += detached


# --- The registry entry -----------------------------------------------------------------------


def purge(family: Family, purge: registry.Purge) -> Counter[str]:
    """Retention of the family's home-visit data: delete, anonymise or remove closed care cases.

    The audit trail loses its link to what goes (first, while the numbers can still be read)."""
    counts: Counter[str] = Counter()
    if purge in (registry.Purge.DELETE, registry.Purge.ANONYMISE):
        address = family_address_key(family)
        if purge == registry.Purge.DELETE:
            _detach_audit(family_object_ids(family=family), counts)
            counts.update(family_delete(family=family))
        else:
            _detach_audit(family_object_ids(family=family, care=False), counts)
            counts.update(family_anonymise(family=family))
        # The kept location of the address goes too, unless another family still lives there.
        if forgotten := address_forget(key=address):
            counts["geocodedaddress"] += forgotten
    else:
        _detach_audit({audit_types.CARE_CASE: closed_care_case_ids(family=family)}, counts)
        counts.update(care_cases_delete(family=family))
    return counts


def export(family: Family, withheld: frozenset[int]) -> dict[str, Any]:
    return family_dossier(family=family, redact_entries=withheld)


def third_party(family: Family) -> list[registry.ThirdPartyText]:
    """The meldcode steps recording what someone other than the parents told, for the review."""
    return [
        registry.ThirdPartyText(
            id=entry.pk,
            title=_("Stap %(step)s van %(date)s")
            % {"step": entry.step, "date": dateformat.format(entry.happened_on, "j-n-Y")}
            + f" ({entry.case.pupil.first_name})",
            told_by=entry.source_detail,
            text=entry.text,
            audit_type=audit_types.CARE_CASE,
            audit_id=entry.case_id,
        )
        for entry in third_party_entries(family=family)
    ]


def titles() -> dict[str, str]:
    """Readable names of the sections of ``family_dossier``, for the PDF export."""
    return {
        "family": _("Gezin"),
        "home_languages": _("Thuistaal"),
        "guardians": _("Ouder of verzorger"),
        "pupils": _("Kind"),
        "enrolments": _("Groep per schooljaar"),
        "visits": _("Huisbezoek"),
        "transitions": _("Statuswijziging"),
        "contact_attempts": _("Contactpoging"),
        "consults": _("Overleg met de zorgcoördinator"),
        "interpreter_bookings": _("Gevraagde tolken en hun antwoord"),
        "report": _("Verslag"),
        "agreements": _("Afspraak"),
        "versions": _("Eerdere versie van het verslag"),
        "content": _("Inhoud"),
        "care_cases": _("Zorgmelding"),
        "entries": _("Stap in de meldcode"),
    }


def labels() -> dict[str, str]:
    """Readable names of the fields of ``family_dossier`` (report versions included)."""
    return {
        "versions": _("eerdere versies"),
        "number": _("versie"),
        "saved_at": _("opgeslagen"),
        "saved_by": _("door"),
        **field_labels(),
    }


def register() -> None:
    """Register the visits app's family data (called from ``VisitsConfig.ready()``)."""
    registry.register(
        registry.Entry(
            key="visits",
            label=gettext_lazy(
                "Het gezin, de ouders, de kinderen, alle bezoeken met contactpogingen, verslagen en eerdere "
                "versies, overleggen en zorgmeldingen met elke stap"
            ),
            models=(
                Family,
                FamilyLanguage,
                Guardian,
                Pupil,
                Enrolment,
                Visit,
                VisitPupil,
                VisitTransition,
                ContactAttempt,
                InterpreterBooking,
                Consult,
                Report,
                ReportAgreement,
                ReportVersion,
                CareCase,
                CaseEntry,
            ),
            export=export,
            purge=purge,
            titles=titles,
            labels=labels,
            third_party=third_party,
            order=0,  # the family's owner: first in the export, last in the purge
        )
    )
