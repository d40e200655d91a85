"""The registry of personal data: what each app stores about a family, to export and to purge.

A school has two duties about what it stores on a family: show all of it when the parents ask
(right of access) and remove it when its retention period has ended. No single app knows all
of it, so each app that stores something about a family registers an entry here, from its
``AppConfig.ready()``::

    personal_data.register(
        personal_data.Entry(
            key="evaluation",
            label=_("Uitnodigingen voor de vragenlijst"),
            models=(ParentInvitation,),
            export=export_invitations,  # (family, withheld) -> {section: rows}
            purge=purge_invitations,  # (family, Purge) -> {model name: rows removed}
            titles=titles,  # () -> {section key: heading}, for the PDF
            labels=labels,  # () -> {field name: label}, for the PDF
            order=50,
        )
    )

The privacy app iterates the registry for the right-of-access export (and its review) and
for the retention purge; it knows no other app's tables. A test walks every model and fails
when a model that points at a family, pupil or guardian is in no entry's ``models``.

The core does not know the family model (the visits app owns it); entries receive the
family object and rely only on what ``Subject`` names.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.db import transaction

if TYPE_CHECKING:
    from django.db import models
    from django_stubs_ext import StrOrPromise

    from .models import School


class Subject(Protocol):
    """The family the data is about, as the core sees it: its number and its school."""

    @property
    def pk(self) -> Any: ...

    @property
    def school(self) -> School: ...


class Purge(enum.StrEnum):
    """How much of a family retention removes (decided by the privacy app, per family)."""

    # The family's period has ended and no care case holds it: everything goes.
    DELETE = "delete"
    # The family's period has ended but a care case is kept for its own, longer period:
    # everything goes except that care case and the minimum saying whom it is about.
    ANONYMISE = "anonymise"
    # Only the closed care cases whose own period has ended go; the family stays.
    DELETE_CARE = "delete_care"


@dataclass(frozen=True)
class ThirdPartyText:
    """A text someone other than the parents told, which the administrator reviews before an
    export and may leave out (to protect that person). ``id`` is the entry's own number for it:
    the export receives the chosen numbers back as ``withheld``."""

    id: int
    title: str  # which step, when, about whom: shown beside the check box
    told_by: str
    text: str
    audit_type: str  # the object it belongs to, recorded as read when the review shows it
    audit_id: int


def _nothing(family: Subject) -> list[ThirdPartyText]:
    return []


def _no_headings() -> Mapping[str, str]:
    return {}


@dataclass(frozen=True)
class Entry:
    """What one app stores about a family, and how to export and purge it.

    ``export(family, withheld)`` returns the entry's sections of the right-of-access
    document: ``{section key: dict or list of dicts}``, every value plain data (text,
    numbers, ISO dates); ``withheld`` holds the ``ThirdPartyText.id`` numbers to leave out.
    ``purge(family, purge)`` removes (or anonymises) what ``purge`` says and returns the
    counts by model name (``"report"``, ``"notification"``; never names or content); it
    also cuts the audit trail's link to what it removed. It must be idempotent.
    ``titles()`` names the sections (and nested lists) for people, ``labels()`` the fields,
    translated (the PDF uses them). ``third_party(family)`` lists the texts to review.
    ``order``: the export shows entries in ascending order; the purge runs in the reverse
    order, so the entry that owns the family itself (visits, order 0) removes it last.
    """

    key: str  # unique; by convention the app label
    label: StrOrPromise  # what the entry holds, in a sentence for the administrator (review page)
    models: tuple[type[models.Model], ...]  # the tables whose family rows this entry exports and purges
    export: Callable[[Any, frozenset[int]], Mapping[str, Any]]
    purge: Callable[[Any, Purge], Mapping[str, int]]
    titles: Callable[[], Mapping[str, str]] = _no_headings
    labels: Callable[[], Mapping[str, str]] = _no_headings
    third_party: Callable[[Any], list[ThirdPartyText]] = _nothing
    order: int = 100


class Registry:
    """The registered entries; one instance, ``registry``, for the whole project."""

    def __init__(self) -> None:
        self._entries: dict[str, Entry] = {}

    def register(self, entry: Entry) -> Entry:
        """Add ``entry``. Registering the same key again replaces it (``ready()`` may run twice)."""
        self._entries[entry.key] = entry
        return entry

    def __iter__(self) -> Iterator[Entry]:
        return iter(sorted(self._entries.values(), key=lambda e: (e.order, e.key)))

    def __len__(self) -> int:
        return len(self._entries)

    def covered_models(self) -> set[type[models.Model]]:
        return {model for entry in self._entries.values() for model in entry.models}

    def export(self, family: Subject, *, withheld: frozenset[int] = frozenset()) -> dict[str, Any]:
        """Every entry's sections, in the entries' order. Two entries may not use one section key."""
        document: dict[str, Any] = {}
        for entry in self:
            for section, value in entry.export(family, withheld).items():
                if section in document:
                    raise ValueError(f"Section {section!r} of {entry.key} is already used by another entry.")
                document[section] = value
        return document

    def titles(self) -> dict[str, str]:
        """Readable names of the document's sections and nested lists (the first entry wins)."""
        return {key: str(name) for entry in reversed(list(self)) for key, name in entry.titles().items()}

    def labels(self) -> dict[str, str]:
        """Readable names of the document's fields, from every entry (the first entry wins)."""
        return {key: str(name) for entry in reversed(list(self)) for key, name in entry.labels().items()}

    def third_party(self, family: Subject) -> list[ThirdPartyText]:
        """Every entry's third-party texts. Their numbers go back to every entry's export as
        ``withheld``, so they must be unique across entries: a clash is a mistake and raises."""
        texts = [text for entry in self for text in entry.third_party(family)]
        if len({text.id for text in texts}) != len(texts):
            raise ValueError("Two registered entries offer third-party texts with the same number.")
        return texts

    @transaction.atomic
    def purge(self, family: Subject, purge: Purge) -> Counter[str]:
        """Run every entry's purge for ``family`` (reverse order: the family's owner last)."""
        counts: Counter[str] = Counter()
        for entry in reversed(list(self)):
            counts.update({name: n for name, n in entry.purge(family, purge).items() if n})
        return counts


registry = Registry()
register = registry.register
