from django.contrib import admin

from .models import (
    Family,
    FamilyLanguage,
    Group,
    GroupTeacher,
    Guardian,
    Interpreter,
    Pupil,
)


class GroupTeacherInline(admin.TabularInline):
    model = GroupTeacher
    extra = 0


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "grade", "school", "school_year"]
    list_filter = ["school"]
    inlines = [GroupTeacherInline]


class FamilyLanguageInline(admin.TabularInline):
    model = FamilyLanguage
    extra = 0


class GuardianInline(admin.TabularInline):
    model = Guardian
    extra = 0


@admin.register(Family)
class FamilyAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "school", "interpreter_needed"]
    list_filter = ["school", "interpreter_needed"]
    search_fields = ["name"]
    inlines = [FamilyLanguageInline, GuardianInline]


@admin.register(Pupil)
class PupilAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "external_id", "group", "school"]
    list_filter = ["school"]
    search_fields = ["last_name", "external_id"]


@admin.register(Interpreter)
class InterpreterAdmin(admin.ModelAdmin):
    list_display = ["name", "school", "is_parent_contact"]
    list_filter = ["school"]
