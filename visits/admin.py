from django.contrib import admin
from django.db.models import Model

from .models import (
    Family,
    FamilyLanguage,
    Group,
    GroupTeacher,
    Guardian,
    Interpreter,
    Pupil,
)


def _inline(child: type[Model]) -> type[admin.TabularInline]:
    """The ``child`` rows as a table on their parent's admin page, without empty extra rows."""
    return type(f"{child.__name__}Inline", (admin.TabularInline,), {"model": child, "extra": 0})


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "grade", "school", "school_year"]
    list_filter = ["school"]
    inlines = [_inline(GroupTeacher)]


@admin.register(Family)
class FamilyAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "school", "interpreter_needed"]
    list_filter = ["school", "interpreter_needed"]
    search_fields = ["name"]
    inlines = [_inline(FamilyLanguage), _inline(Guardian)]


@admin.register(Pupil)
class PupilAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "external_id", "group", "school"]
    list_filter = ["school"]
    search_fields = ["last_name", "external_id"]


@admin.register(Interpreter)
class InterpreterAdmin(admin.ModelAdmin):
    list_display = ["name", "school", "is_parent_contact"]
    list_filter = ["school"]
