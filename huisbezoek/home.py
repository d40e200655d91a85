"""Home-page panels contributed by the apps.

The core cannot import the apps (they depend on it, not the other way round), so each app
registers the panels it has for a role in its ``AppConfig.ready``. The home view asks every
registered panel for its context and renders its template.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django.http import HttpRequest

from .http import AuthenticatedHttpRequest, SchoolHttpRequest


@dataclass(frozen=True)
class Panel:
    roles: frozenset[str]
    template: str
    # Called only for a user holding one of ``roles`` at the current school, so there is a school.
    context: Callable[[SchoolHttpRequest], dict[str, Any]]
    order: int = 100


_PANELS: list[Panel] = []


def _add_in_order(registry: list[Any], item: Panel | NavItem) -> None:
    """Register ``item`` once (an app's ``ready`` may run twice in tests), kept sorted by ``order``."""
    if item not in registry:
        registry.append(item)
        registry.sort(key=lambda entry: entry.order)


def register(panel: Panel) -> None:
    _add_in_order(_PANELS, panel)


def panels_for(request: AuthenticatedHttpRequest) -> list[tuple[str, dict[str, Any]]]:
    if request.school is None:
        return []
    return [(p.template, p.context(cast(SchoolHttpRequest, request))) for p in _PANELS if p.roles & request.roles]


@dataclass(frozen=True)
class NavItem:
    """A link in the main navigation, shown to users holding one of ``roles``."""

    roles: frozenset[str]
    label: Any
    url_name: str
    order: int = 100


_NAV: list[NavItem] = []


def register_nav(item: NavItem) -> None:
    _add_in_order(_NAV, item)


def nav_for(request: HttpRequest) -> list[NavItem]:
    roles: frozenset[str] = getattr(request, "roles", frozenset())
    return [n for n in _NAV if n.roles & roles]
