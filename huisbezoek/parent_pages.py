"""Pages for parents under one public school code, offered by more than one app.

The protocol app owns the school's public code: its parent page is ``/ouders/<code>/``. Other apps
offer parents pages under the same code (privacy: what the school records about a home visit). The
apps may not import each other, so the core holds both sides, filled in from ``AppConfig.ready()``:

* ``parent_pages.set_school_lookup(lookup)``: the protocol says which school a public code is;
* ``parent_pages.register_link(key, make)``: another app offers a link, in the parent's language,
  that the protocol's parent page shows (``make(code, language)``, or None for no link);
* ``parent_pages.set_protocol_url(make)``: the protocol says where a school's protocol is for a
  parent of a language (``make(school, language)``, or None before it is published), so other
  parent pages (a booked visit's confirmation) can link to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import School


@dataclass(frozen=True)
class ParentLink:
    text: str  # in the page's language
    url: str
    language: str  # the language of the page it leads to (for ``hreflang``)


SchoolLookup = Callable[[str], "School | None"]
LinkMaker = Callable[[str, str], ParentLink | None]
ProtocolUrl = Callable[["School", str], str | None]


class ParentPages:
    def __init__(self) -> None:
        self._lookup: SchoolLookup | None = None
        self._links: dict[str, LinkMaker] = {}
        self._protocol_url: ProtocolUrl | None = None

    def set_school_lookup(self, lookup: SchoolLookup) -> None:
        self._lookup = lookup

    def school_for_code(self, code: str) -> School | None:
        """The school whose public code this is, or None (also when no app gives codes)."""
        if self._lookup is None or not code:
            return None
        return self._lookup(code)

    def register_link(self, key: str, make: LinkMaker) -> None:
        """Offer a link on the parent page; registering the same key again replaces it."""
        self._links[key] = make

    def links(self, code: str, language: str) -> list[ParentLink]:
        """The links other apps offer for this code, in the parent's language, in registration order."""
        found = (make(code, language) for make in self._links.values())
        return [link for link in found if link is not None]

    def set_protocol_url(self, make: ProtocolUrl) -> None:
        self._protocol_url = make

    def protocol_url(self, school: School, language: str) -> str | None:
        """The address of the school's protocol for a parent who reads ``language`` (or Dutch when
        it is not translated into it); None before the school published one, or without the app."""
        return self._protocol_url(school, language) if self._protocol_url is not None else None


parent_pages = ParentPages()
