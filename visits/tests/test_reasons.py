"""Why parents want no home visit, and why a visit did not go ahead: fixed lists, through the forms a
teacher fills in (status change and contact attempt), with "anders" and its short text."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from huisbezoek.limits import REASON_OTHER_MAX
from visits import services
from visits.models import Visit
from visits.services import Reason

S = Visit.Status
OTHER_TEXT = "Oma woont in en is bedlegerig"


@pytest.fixture
def visit(pupil, school_year, teacher, family, programme, women):
    return services.visit_open(pupil=pupil, school_year=school_year, by=teacher)


def status_post(client, visit, **data):
    values = {"note": "", "version": visit.version, **data}
    return client.post(reverse("visits:visit_status", args=[visit.pk]), values)


def contact_post(client, visit, **data):
    values = {"day": "2026-11-02", "time": "09:00", "channel": "phone", "outcome": "declined", "note": "", **data}
    return client.post(reverse("visits:contact_create", args=[visit.pk]), values)


def shown_reason(client, visit) -> str:
    html = client.get(reverse("visits:visit_detail", args=[visit.pk])).content.decode()
    match = re.search(r"<dt>Waarom (?:geen huisbezoek|het bezoek niet doorgaat)</dt><dd>(.*?)</dd>", html)
    assert match, "no reason on the visit page"
    return match.group(1)


@pytest.mark.parametrize("code", Visit.DeclineReason.values)
def test_every_decline_reason_round_trips_through_the_status_form(client, teacher, visit, code):
    client.force_login(teacher)
    other = OTHER_TEXT if code == "other" else ""
    response = status_post(client, visit, to_status="declined", decline_reason=code, decline_reason_other=other)
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.status, visit.decline_reason, visit.decline_reason_other) == (S.DECLINED, code, other)
    assert shown_reason(client, visit) == (OTHER_TEXT if code == "other" else Visit.DeclineReason(code).label)


@pytest.mark.parametrize("code", Visit.DeclineReason.values)
def test_every_decline_reason_round_trips_through_a_contact_attempt(client, teacher, visit, code):
    client.force_login(teacher)
    other = OTHER_TEXT if code == "other" else ""
    response = contact_post(client, visit, decline_reason=code, decline_reason_other=other, note="Moeder belde")
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.status, visit.decline_reason, visit.decline_reason_other) == (S.DECLINED, code, other)
    assert visit.contact_attempts.get().note == "Moeder belde"


@pytest.mark.parametrize("code", Visit.FailureReason.values)
@pytest.mark.parametrize("to_status", [S.UNREACHABLE, S.CANCELLED])
def test_every_failure_reason_round_trips_through_the_status_form(client, teacher, visit, code, to_status):
    client.force_login(teacher)
    other = OTHER_TEXT if code == "other" else ""
    response = status_post(client, visit, to_status=to_status, failure_reason=code, failure_reason_other=other)
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.status, visit.failure_reason, visit.failure_reason_other) == (to_status, code, other)
    assert shown_reason(client, visit) == (OTHER_TEXT if code == "other" else Visit.FailureReason(code).label)


def test_other_without_its_text_is_refused_and_what_was_typed_stays(client, teacher, visit):
    client.force_login(teacher)
    response = status_post(
        client, visit, to_status="declined", decline_reason="other", decline_reason_other="  ", note="Belde terug"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "U koos &#x27;Anders&#x27;: schrijf de reden kort op." in html
    assert '<option value="other" selected>Anders</option>' in html
    assert 'value="Belde terug"' in html
    assert 'value="declined" id="status-declined" checked' in html
    visit.refresh_from_db()
    assert (visit.status, visit.decline_reason) == (S.TO_PLAN, "")


def test_a_contact_attempt_saying_no_needs_a_reason_and_keeps_what_was_typed(client, teacher, visit):
    client.force_login(teacher)
    response = contact_post(client, visit, note="Vader nam op")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kies een reden uit de lijst (of &#x27;Anders&#x27;)." in html
    assert 'value="Vader nam op"' in html
    response = contact_post(client, visit, decline_reason="other", note="Vader nam op")
    assert "U koos &#x27;Anders&#x27;: schrijf de reden kort op." in response.content.decode()
    assert not visit.contact_attempts.exists()  # nothing is written while the reason is missing
    visit.refresh_from_db()
    assert visit.status == S.TO_PLAN


def test_a_failure_needs_a_reason_from_its_own_list(client, teacher, visit):
    client.force_login(teacher)
    response = status_post(client, visit, to_status="unreachable")
    assert "Kies een reden uit de lijst (of &#x27;Anders&#x27;)." in response.content.decode()
    with pytest.raises(ValidationError) as excinfo:  # a decline reason is no failure reason
        services.visit_transition(visit=visit, by=teacher, to_status=S.UNREACHABLE, reason=Reason("privacy"))
    assert excinfo.value.message_dict == {"failure_reason": ["Kies een reden uit de lijst."]}
    visit.refresh_from_db()
    assert visit.status == S.TO_PLAN


def test_the_text_beside_other_has_a_limit_in_the_form_and_in_the_service(client, teacher, visit):
    client.force_login(teacher)
    too_long = "x" * (REASON_OTHER_MAX + 1)
    response = status_post(client, visit, to_status="declined", decline_reason="other", decline_reason_other=too_long)
    assert "Deze tekst is te lang: schrijf hooguit 200 tekens." in response.content.decode()
    with pytest.raises(ValidationError) as excinfo:
        services.visit_transition(visit=visit, by=teacher, to_status=S.DECLINED, reason=Reason("other", too_long))
    assert list(excinfo.value.message_dict) == ["decline_reason_other"]


def test_a_nonsense_reason_is_refused(client, teacher, visit):
    client.force_login(teacher)
    response = status_post(client, visit, to_status="declined", decline_reason="geen zin")
    assert response.status_code == 200
    visit.refresh_from_db()
    assert visit.decline_reason == ""


def test_the_text_beside_a_listed_reason_is_not_kept(teacher, visit):
    visit = services.visit_transition(
        visit=visit, by=teacher, to_status=S.DECLINED, reason=Reason("no_time", "werkt 's avonds")
    )
    assert (visit.decline_reason, visit.decline_reason_other) == ("no_time", "")


def test_a_reason_stays_with_its_status_only(teacher, visit):
    visit = services.visit_transition(visit=visit, by=teacher, to_status=S.DECLINED, reason=Reason("language"))
    visit = services.visit_transition(visit=visit, by=teacher, to_status=S.INVITED_AT_SCHOOL)
    assert visit.decline_reason == "language"  # the parents' reason stays while they are invited at school
    visit = services.visit_transition(visit=visit, by=teacher, to_status=S.TO_PLAN)
    assert visit.decline_reason == ""  # they want a home visit after all
    visit = services.visit_transition(visit=visit, by=teacher, to_status=S.UNREACHABLE, reason=Reason("moved"))
    assert visit.failure_reason == "moved"
    services.contact_log(visit=visit, by=teacher, at=visit.created, channel="phone", outcome="reached")
    visit.refresh_from_db()
    assert (visit.status, visit.failure_reason) == (S.CONTACTED, "")


def test_the_visit_page_offers_each_list_only_with_its_statuses(client, teacher, visit):
    client.force_login(teacher)
    html = client.get(reverse("visits:visit_detail", args=[visit.pk])).content.decode()
    assert 'name="decline_reason"' in html and 'name="failure_reason"' in html
    services.visit_transition(visit=visit, by=teacher, to_status=S.DECLINED, reason=Reason("privacy"))
    html = client.get(reverse("visits:visit_detail", args=[visit.pk])).content.decode()
    # From "declined" a family is invited at school or back to plan: no list for the status form.
    assert 'id="status-decline_reason"' not in html and 'id="status-failure_reason"' not in html
