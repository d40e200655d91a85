from django.contrib import admin
from django.db.models import Field, Model

from huisbezoek.validators import no_hidden_characters

from .models import (
    Family,
    FamilyLanguage,
    Group,
    GroupTeacher,
    Guardian,
    Interpreter,
    Pupil,
)

# Fields where a person types a name: no hidden control or format characters there either.
NAME_FIELDS = frozenset({"name", "first_name", "last_name"})


class NamesChecked:
    """Admin mixin: the name fields refuse right-to-left overrides and zero-width characters."""

    def formfield_for_dbfield(self, db_field: Field, request, **kwargs):  # type: ignore[no-untyped-def]
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]
        if formfield is not None and db_field.name in NAME_FIELDS:
            formfield.validators.append(no_hidden_characters)
        return formfield


def _inline(child: type[Model]) -> type[admin.TabularInline]:
    """The ``child`` rows as a table on their parent's admin page, without empty extra rows."""
    return type(f"{child.__name__}Inline", (NamesChecked, admin.TabularInline), {"model": child, "extra": 0})


@admin.register(Group)
class GroupAdmin(NamesChecked, admin.ModelAdmin):
    list_display = ["name", "grade", "school", "school_year"]
    list_filter = ["school"]
    inlines = [_inline(GroupTeacher)]


@admin.register(Family)
class FamilyAdmin(NamesChecked, admin.ModelAdmin):
    list_display = ["name", "city", "school", "interpreter_needed"]
    list_filter = ["school", "interpreter_needed"]
    search_fields = ["name"]
    inlines = [_inline(FamilyLanguage), _inline(Guardian)]


@admin.register(Pupil)
class PupilAdmin(NamesChecked, admin.ModelAdmin):
    list_display = ["last_name", "first_name", "external_id", "group", "school"]
    list_filter = ["school"]
    search_fields = ["last_name", "external_id"]


@admin.register(Interpreter)
class InterpreterAdmin(NamesChecked, admin.ModelAdmin):
    list_display = ["name", "school", "is_parent_contact"]
    list_filter = ["school"]
