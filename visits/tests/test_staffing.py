"""visits.staffing: what the staff app changes in visits (a teacher's groups, interpreters,
the hand-over), each with the rules of its docstring."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from huisbezoek.models import SchoolYear
from visits import staffing
from visits.models import GroupTeacher, Interpreter
from visits.tests.factories import GroupFactory, GroupTeacherFactory, InterpreterFactory

pytestmark = pytest.mark.django_db


def test_teacher_groups_set_links_this_years_groups_and_keeps_other_links(
    school, school_year, teacher, administrator, group
):
    mine = GroupTeacher.objects.get(teacher=teacher)
    mine.kind = GroupTeacher.Kind.TEACHER
    mine.save()
    extra = GroupFactory(school=school, school_year=school_year, name="Groep 4b", grade=4)
    last_year = SchoolYear.objects.create(
        school=school, label="2025-2026", start=datetime.date(2025, 8, 18), end=datetime.date(2026, 7, 17)
    )
    old = GroupTeacherFactory(group=GroupFactory(school=school, school_year=last_year, name="Oud"), teacher=teacher)
    staffing.teacher_groups_set(school=school, teacher=teacher, group_ids=[mine.group_id, extra.pk], by=administrator)
    links = {link.group_id: link.kind for link in GroupTeacher.objects.filter(teacher=teacher)}
    assert links == {
        mine.group_id: GroupTeacher.Kind.TEACHER,
        extra.pk: GroupTeacher.Kind.MENTOR,
        old.group_id: "mentor",
    }
    staffing.teacher_groups_set(school=school, teacher=teacher, group_ids=[], by=administrator)
    assert list(GroupTeacher.objects.filter(teacher=teacher).values_list("group_id", flat=True)) == [old.group_id]


def test_teacher_groups_set_refuses_other_years_and_non_administrators(
    school, school_year, teacher, directie, administrator, other_school
):
    foreign = GroupFactory(school=other_school, name="Elders")
    with pytest.raises(ValidationError):
        staffing.teacher_groups_set(school=school, teacher=teacher, group_ids=[foreign.pk], by=administrator)
    with pytest.raises(PermissionDenied):
        staffing.teacher_groups_set(school=school, teacher=teacher, group_ids=[], by=directie)


def test_interpreter_save_needs_exact_languages_and_the_schools_own_row(school, other_school, administrator):
    with pytest.raises(ValidationError) as refused:
        staffing.interpreter_save(school=school, by=administrator, name="Tolk", codes=["berbers"])
    assert "languages" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        staffing.interpreter_save(school=school, by=administrator, name="Tolk", codes=["rif"], availability="x" * 201)
    assert "availability" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        staffing.interpreter_save(school=school, by=administrator, name="To\u200bk", codes=["rif"])
    assert "name" in refused.value.message_dict
    elsewhere = InterpreterFactory(school=other_school, name="Elders", languages=["tr"])
    with pytest.raises(PermissionDenied):
        staffing.interpreter_save(school=school, by=administrator, name="X", codes=["tr"], interpreter=elsewhere)
    made = staffing.interpreter_save(
        school=school, by=administrator, name=" Tolk ", codes=["rif", "rif", "ary"], availability="di na 19 uur"
    )
    assert Interpreter.objects.get(pk=made.pk).languages == ["rif", "ary"] and made.name == "Tolk"
