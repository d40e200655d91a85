"""``manage.py start_school``: the one step a new installation needs from its technical operator.

It makes the board (or finds it by name), the school, the current school year and the school's
first administrator, who gets an e-mail with a link to set a password. Everything after that
(the team, school years, the import, the programme) the school does itself in the app."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from huisbezoek.models import School
from staff.services import installation_start


class Command(BaseCommand):
    help = "Start a school on this installation and invite its first administrator by e-mail."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--board", required=True, help="the school board (made when it does not exist yet)")
        parser.add_argument("--name", required=True, help="the school's name")
        parser.add_argument("--brin", required=True, help="the BRIN number, e.g. 12AB")
        parser.add_argument("--type", required=True, choices=School.Type.values, dest="school_type")
        parser.add_argument("--region", required=True, choices=School.HolidayRegion.values, help="holiday region")
        parser.add_argument("--city", default="")
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-first-name", required=True)
        parser.add_argument("--admin-last-name", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            invited = installation_start(
                board_name=options["board"],
                name=options["name"],
                brin=options["brin"],
                school_type=options["school_type"],
                holiday_region=options["region"],
                city=options["city"],
                email=options["admin_email"],
                first_name=options["admin_first_name"],
                last_name=options["admin_last_name"],
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        if invited.invitation is not None:
            self.stdout.write(f"School started. An invitation to set a password is on its way to {invited.user.email}.")
        else:
            self.stdout.write(f"School started. {invited.user.email} can log in as before and is its administrator.")
