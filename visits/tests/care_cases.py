"""Helpers of the care tests (visits and the audit trail): a flagged report, the weighing's answers, a case entry."""

import datetime

from visits import services
from visits.care import services as services_care
from visits.care.meldcode import QUESTION_KEYS
from visits.models import CaseEntry, Report, Visit
from visits.tests.factories import ReportFactory

TODAY = datetime.date(2026, 11, 2)
S = CaseEntry.Step


SAFE = dict.fromkeys(QUESTION_KEYS, False) | {"suspicion": True, "can_help": True, "accepted": True, "enough": True}


UNSAFE = SAFE | {"unsafe": True}


def flagged_report(pupil, author, *, urgency=Report.Urgency.URGENT, reason="Blauwe plekken op de armen.", **extra):
    """A submitted report of a visit opened for ``pupil``, flagged for the care coordinator."""
    visit = services.visit_open(pupil=pupil, school_year=pupil.group.school_year, by=author)
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.REPORTED)
    fields = {"flagged": True, "flag_urgency": urgency, "flag_reason": reason}
    return ReportFactory(visit=visit, author=author, **(fields | extra))


def add(case, by, step=S.SIGNALS, **kwargs):
    """A case entry of ``step`` by ``by``, with plausible defaults for what the step needs."""
    defaults = {"happened_on": TODAY, "text": "Iets gezien."}
    if step == S.SIGNALS:
        defaults["source"] = "own"
    if step == S.WEIGH:
        defaults["answers"] = SAFE
    return services_care.entry_add(case=case, step=step, by=by, **(defaults | kwargs))
