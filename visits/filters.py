import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from huisbezoek import languages

from .models import Group, Pupil, Visit


class PupilFilter(django_filters.FilterSet):
    """Filters of "My pupils". The queryset comes annotated by ``selectors.with_visit_status``."""

    group = django_filters.ModelChoiceFilter(label=_("Groep"), queryset=Group.objects.none(), empty_label=_("Alle"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Visit.Status.choices, field_name="visit_status", empty_label=_("Alle")
    )
    language = django_filters.ChoiceFilter(
        label=_("Thuistaal"), choices=languages.CHOICES, method="filter_language", empty_label=_("Alle")
    )
    interpreter = django_filters.BooleanFilter(
        label=_("Tolk nodig"), field_name="family__interpreter_needed", widget=django_filters.widgets.BooleanWidget()
    )
    not_contacted = django_filters.BooleanFilter(
        label=_("Nog geen contact geprobeerd"),
        method="filter_not_contacted",
        widget=django_filters.widgets.BooleanWidget(),
    )

    class Meta:
        model = Pupil
        fields: list[str] = []

    def __init__(self, *args, groups: QuerySet[Group], **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["group"].queryset = groups

    def filter_language(self, queryset: QuerySet[Pupil], name: str, value: str) -> QuerySet[Pupil]:
        return queryset.filter(family__home_languages__language=value).distinct() if value else queryset

    def filter_not_contacted(self, queryset: QuerySet[Pupil], name: str, value: bool | None) -> QuerySet[Pupil]:
        if value is None:
            return queryset
        return queryset.filter(contacted=not value)
