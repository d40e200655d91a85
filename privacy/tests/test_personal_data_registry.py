"""The personal-data registry: every app's family data is registered, exported and purged.

The privacy app lists no other app's tables; these tests make sure nothing falls between
the registry's entries (a new model pointing at a family is in no entry) and that what
the evaluation stores (the parents' questionnaire invitations) is exported and purged.
"""

import dataclasses
import datetime
import json
from collections import Counter

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils.html import escape

from evaluation.models import ParentInvitation
from evaluation.tests.factories import EvaluationFactory
from huisbezoek import audit
from huisbezoek.personal_data import Entry, Purge, registry
from privacy import selectors, services
from privacy.tests.factories import family_with_history
from visits.models import Family, Guardian, Pupil
from visits.tests.helpers import AMS

LONG_AGO = datetime.date(2024, 7, 1)
SUBJECTS = (Family, Pupil, Guardian)
# Columns that refer to a family by number (apps above visits keep no foreign key to it).
SUBJECT_NUMBERS = ("family_id", "pupil_id", "guardian_id")


def models_about_a_family() -> set[type[models.Model]]:
    """Every model with a foreign key to a family, pupil or guardian, or their number in a column."""
    found = set()
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model in SUBJECTS:
                found.add(model)
            elif not field.is_relation and field.attname in SUBJECT_NUMBERS:
                found.add(model)
    return found


def test_every_model_that_points_at_a_family_pupil_or_guardian_is_in_a_registered_entry():
    about = models_about_a_family()
    # The walk itself finds what it must (it would pass vacuously otherwise).
    assert {Pupil, Guardian, ParentInvitation} <= about
    missing = sorted(m._meta.label for m in about - registry.covered_models())
    assert not missing, f"Register these in an app's personal_data entry: {missing}"


def test_each_app_registers_its_own_entry_and_the_family_owner_comes_first():
    keys = [entry.key for entry in registry]
    assert keys[0] == "visits"
    assert {"visits", "evaluation", "notifications", "privacy"} <= set(keys)


@pytest.fixture
def family(group, teacher, care_coordinator):
    return family_with_history(group=group, teacher=teacher, care_coordinator=care_coordinator, left_on=LONG_AGO)


@pytest.fixture
def family_with_care(group, teacher, care_coordinator):
    return family_with_history(
        group=group, teacher=teacher, care_coordinator=care_coordinator, left_on=None, care="closed"
    )


@pytest.fixture
def invitation(school, school_year, family):
    evaluation = EvaluationFactory(school=school, school_year=school_year)
    return ParentInvitation.objects.create(
        school=school,
        evaluation=evaluation,
        family_id=family.pk,
        token_hash="c" * 64,
        language="ar",
        expires_at=datetime.datetime(2026, 11, 20, 12, 0, tzinfo=AMS),
        used=True,
    )


def test_the_right_of_access_document_holds_the_familys_questionnaire_invitations(school, family, invitation):
    document = selectors.access_document(
        school=school, family=family, withheld=frozenset(), made_at=datetime.datetime.now(AMS)
    )
    [shown] = document["questionnaire_invitations"]
    assert shown["language"] == "ar" and shown["used"] is True
    assert shown["evaluation"] == str(invitation.evaluation)
    assert shown["expires_at"].startswith("2026-11-20")


def test_the_json_export_download_holds_the_invitations(client, administrator, family, invitation):
    client.force_login(administrator)
    response = client.post(reverse("privacy:family_export", args=[family.pk]), {"format": "json", "reviewed": "on"})
    assert response.status_code == 200
    data = json.loads(response.content)
    assert [i["language"] for i in data["questionnaire_invitations"]] == ["ar"]


def test_the_pdf_export_names_the_invitations_section():
    from privacy.pdf import blocks

    document = {"school": "X", "made_at": "", "redacted_entries": 0, "questionnaire_invitations": [{"used": True}]}
    [block] = blocks(document)
    assert block.heading == "Uitnodiging voor de vragenlijst 1"
    assert block.rows == [("vragenlijst ingevuld", "ja")]


def test_the_review_page_lists_what_every_registered_entry_holds(client, administrator, family):
    client.force_login(administrator)
    page = client.get(reverse("privacy:family_access", args=[family.pk])).content.decode()
    for entry in registry:
        assert str(entry.label) in page, entry.key


def test_an_anonymised_family_loses_its_invitations_too(school, group, teacher, care_coordinator, administrator):
    services.policy_activate(school=school, by=administrator, active=True)
    family = family_with_history(
        group=group, teacher=teacher, care_coordinator=care_coordinator, left_on=LONG_AGO, care="closed"
    )
    evaluation = EvaluationFactory(school=school, school_year=group.school_year)
    ParentInvitation.objects.create(
        school=school,
        evaluation=evaluation,
        family_id=family.pk,
        token_hash="d" * 64,
        language="nl",
        expires_at=datetime.datetime.now(AMS),
    )

    run = services.retention_purge(school=school)

    assert run.counts["family_anonymised"] == 1  # the care case keeps the (anonymised) family
    assert run.counts["parentinvitation"] == 1
    assert not ParentInvitation.objects.filter(family_id=family.pk).exists()


def test_a_dry_run_leaves_the_invitations(school, family, invitation):
    run = services.retention_purge(school=school)  # not switched on: a dry run
    assert run.dry_run and run.counts == {"families_delete": 1}
    assert ParentInvitation.objects.filter(pk=invitation.pk).exists()


@pytest.fixture
def extra_entry():
    """A registered entry of a made-up app, removed again after the test."""
    calls: list[tuple[int, str]] = []

    def export(family, withheld):
        return {"made_up": [{"note": f"over gezin {family.pk}"}]}

    def purge(family, purge):
        calls.append((family.pk, purge))
        return {"madeup": 2, "nothing": 0}

    entry = Entry(key="test.made_up", label="Verzonnen", models=(), export=export, purge=purge, order=70)
    registry.register(entry)
    yield calls
    registry._entries.pop(entry.key)


def test_the_purge_and_export_run_every_registered_entry(school, family, administrator, extra_entry):
    services.policy_activate(school=school, by=administrator, active=True)
    document = selectors.access_document(
        school=school, family=family, withheld=frozenset(), made_at=datetime.datetime.now(AMS)
    )
    assert document["made_up"] == [{"note": f"over gezin {family.pk}"}]
    family_id = family.pk

    run = services.retention_purge(school=school)

    assert extra_entry == [(family_id, Purge.DELETE)]
    assert run.counts["madeup"] == 2 and "nothing" not in run.counts


def test_the_family_owner_is_purged_last_so_others_still_see_the_family(school, family, extra_entry):
    seen = []
    original = registry._entries["test.made_up"]

    def purge(subject, purge):
        seen.append(Family.objects.filter(pk=subject.pk).exists())
        return {}

    registry.register(dataclasses.replace(original, purge=purge))
    counts = registry.purge(family, Purge.DELETE)
    assert seen == [True]
    assert counts["family"] == 1


def test_two_entries_may_not_fill_the_same_section(family, extra_entry):
    original = registry._entries["test.made_up"]
    registry.register(dataclasses.replace(original, export=lambda family, withheld: {"messages": []}))
    with pytest.raises(ValueError, match="messages"):
        registry.export(family)


def test_purge_values_name_the_retention_actions():
    assert [p.value for p in Purge] == ["delete", "anonymise", "delete_care"]


# The audit trail's object types ------------------------------------------------------------


def test_the_audit_trail_refuses_an_object_type_no_app_registered(school, teacher):
    with pytest.raises(ValueError, match="not registered"):
        audit.record(user=teacher, school=school, object_type="invoice", object_id=1, action="read", allowed=True)


def test_visits_registers_its_object_types_with_their_labels():
    owners = {t.key: t.app_label for t in audit.object_types}
    assert {k: owners[k] for k in ("visit", "report", "pupil_file", "family", "care_case", "consult")} == dict.fromkeys(
        ("visit", "report", "pupil_file", "family", "care_case", "consult"), "visits"
    )
    assert audit.object_types.label("care_case") == "Zorgmelding"
    assert audit.object_types.label("gone") == "gone"  # a type whose app was removed shows as stored


def test_an_object_type_belongs_to_one_app():
    with pytest.raises(ValueError, match="already registered by visits"):
        audit.object_types.register("family", "Gezin", app_label="evaluation")
    with pytest.raises(ValueError, match="1 to 20"):
        audit.object_types.register("x" * 21, "Te lang", app_label="evaluation")


def test_the_audit_trail_page_shows_the_registered_label(client, administrator, school):
    audit.record(user=administrator, school=school, object_type="care_case", object_id=3, action="read", allowed=True)
    client.force_login(administrator)
    page = client.get(reverse("audit_trail")).content.decode()
    assert "<td>Zorgmelding</td>" in page
    filtered = client.get(reverse("audit_trail"), {"object_type": "care_case"})
    assert filtered.status_code == 200 and len(filtered.context["page"].object_list) == 1


def test_counts_of_a_purge_are_a_counter_of_numbers(school, family):
    counts = registry.purge(family, Purge.DELETE)
    assert isinstance(counts, Counter) and all(isinstance(v, int) and v > 0 for v in counts.values())


# Reading the privacy pages writes nothing -----------------------------------------------------


def test_reading_the_retention_page_and_the_home_panel_stores_no_policy(client, administrator, school, family):
    from privacy.models import RetentionPolicy

    client.force_login(administrator)
    page = client.get(reverse("privacy:retention"))
    assert page.status_code == 200 and escape(family.name) in page.content.decode()
    assert "1 gezin is verlopen" in client.get(reverse("home")).content.decode()
    assert not RetentionPolicy.objects.filter(school=school).exists()  # the defaults, unsaved


def test_the_review_page_records_its_reads_only_in_the_audit_trail(client, administrator, family_with_care):
    from huisbezoek.models import AuditEvent
    from privacy.models import AccessExport, CorrectionRequest

    client.force_login(administrator)
    assert client.get(reverse("privacy:family_access", args=[family_with_care.pk])).status_code == 200
    reads = set(AuditEvent.objects.values_list("object_type", "action"))
    assert reads == {("family", "read"), ("care_case", "read")}
    assert not AccessExport.objects.exists() and not CorrectionRequest.objects.exists()


def test_third_party_texts_of_two_entries_may_not_share_a_number(family_with_care, extra_entry):
    [text] = registry.third_party(family_with_care)  # the care case's step told by a neighbour
    original = registry._entries["test.made_up"]
    registry.register(dataclasses.replace(original, third_party=lambda family: [text]))
    with pytest.raises(ValueError, match="same number"):
        registry.third_party(family_with_care)
