"""The kinds of object the audit trail records, registered by the apps that own them.

The core cannot know the apps' objects, so each app registers its types from its own code
(e.g. ``visits/audit_types.py``) and records events with the key ``register`` returns. The model
and the trail page read the labels from here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

OBJECT_TYPE_MAX_LENGTH = 20  # the width of ``AuditEvent.object_type``


@dataclass(frozen=True)
class ObjectType:
    """One kind of object the trail records, registered by the app that owns it."""

    key: str  # stored in ``AuditEvent.object_type``
    label: StrOrPromise  # shown on the audit-trail page
    app_label: str


class ObjectTypeRegistry:
    """The object types the trail knows, in the order they were registered."""

    def __init__(self) -> None:
        self._types: dict[str, ObjectType] = {}

    def register(self, key: str, label: StrOrPromise, *, app_label: str) -> str:
        """Register ``key`` (at most 20 characters) for ``app_label``; returns the key to record with.

        Registering the same key for the same app again changes nothing (``ready()`` may run twice
        in tests); the same key for another app is a mistake and raises ``ValueError``."""
        if not key or len(key) > OBJECT_TYPE_MAX_LENGTH:
            raise ValueError(f"Audit object type {key!r} must have 1 to {OBJECT_TYPE_MAX_LENGTH} characters.")
        known = self._types.get(key)
        if known is not None and known.app_label != app_label:
            raise ValueError(f"Audit object type {key!r} is already registered by {known.app_label}.")
        self._types[key] = ObjectType(key=key, label=label, app_label=app_label)
        return key

    def __contains__(self, key: object) -> bool:
        return key in self._types

    def __iter__(self) -> Iterator[ObjectType]:
        return iter(self._types.values())

    def label(self, key: str) -> str:
        """The readable name of ``key``; an unknown key (an app since removed) is shown as it is stored."""
        known = self._types.get(key)
        return str(known.label) if known is not None else key

    def choices(self) -> list[tuple[str, str]]:
        return [(t.key, str(t.label)) for t in self._types.values()]


object_types = ObjectTypeRegistry()
