import datetime

from django import template
from django.forms import BoundField
from django.utils import timezone

from huisbezoek import languages
from visits.models import Visit

register = template.Library()


@register.filter
def add_class(field: BoundField, css: str) -> str:
    """Render a form field with an extra CSS class (the filter bar's selects)."""
    existing = field.field.widget.attrs.get("class", "")
    return field.as_widget(attrs={"class": f"{existing} {css}".strip()})


@register.filter
def language_name(code: str) -> str:
    language = languages.get(code)
    return str(language.name) if language else code


@register.filter
def status_label(value: str) -> str:
    return str(Visit.Status(value).label) if value in Visit.Status.values else value


@register.filter
def needs_update(starts_at: datetime.datetime | None, status: str) -> bool:
    """A visit still "planned" whose time has passed: the visitor should say how it went."""
    return status == Visit.Status.SCHEDULED and starts_at is not None and starts_at < timezone.now()
