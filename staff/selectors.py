"""What the staff pages show: the team of the administrator's school, in a fixed number of
queries whatever its size (the people with their roles, their latest invitations, the current
school year and this year's group links)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from visits.selectors import current_school_year, groups_by_teacher

from .access import invitations_visible_to, memberships_visible_to

if TYPE_CHECKING:
    from huisbezoek.access import Actor
    from huisbezoek.models import User

    from .models import Invitation

ACTIVE = "active"
INVITED = "invited"
EXPIRED = "expired"
REVOKED = "revoked"
SWITCHED_OFF = "switched_off"


@dataclass
class StaffRow:
    user: User
    roles: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    invitation: Invitation | None = None

    @property
    def status(self) -> str:
        if not self.user.is_active:
            return SWITCHED_OFF
        invitation = self.invitation
        if invitation is not None and invitation.accepted_at is None and not self.user.has_usable_password():
            if invitation.revoked_at is not None:
                return REVOKED
            return EXPIRED if invitation.is_expired else INVITED
        return ACTIVE

    @property
    def can_resend(self) -> bool:
        return self.invitation is not None and self.status in (INVITED, EXPIRED, REVOKED)

    @property
    def can_revoke(self) -> bool:
        return self.status == INVITED


def staff_rows(actor: Actor) -> dict[str, Any]:
    """The page's context: ``rows`` (one per person, by name) and the current ``school_year``."""
    people: dict[int, StaffRow] = {}
    memberships = memberships_visible_to(actor).order_by("user__last_name", "user__first_name", "user_id", "role")
    for membership in memberships:
        row = people.setdefault(membership.user_id, StaffRow(user=membership.user))
        row.roles.append(str(membership.get_role_display()))
    for invitation in invitations_visible_to(actor).filter(user_id__in=list(people)).order_by("-created", "-pk"):
        row = people[invitation.user_id]
        if row.invitation is None:
            row.invitation = invitation
    year = current_school_year(school=actor.school) if actor.school is not None else None
    if actor.school is not None:
        for user_id, links in groups_by_teacher(school=actor.school, school_year=year).items():
            if user_id in people:
                people[user_id].groups = [link.group.name for link in links]
    rows = list(people.values())
    return {
        "rows": rows,
        "school_year": year,
        "invited_count": sum(1 for r in rows if r.status == INVITED),
    }
