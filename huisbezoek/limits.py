"""Upper bounds on what one request may send.

Each limit sits far above what a person types or clicks, and low enough that a script cannot keep
a worker busy for minutes or fill the database: a care step of 10,000 characters is several
pages; a protocol section of 20,000 characters is longer than the whole default protocol. Forms
show the limit to the user; services check it again, so a caller that skips the form is held to
the same bound.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import ngettext

# Free text, in characters.
CARE_TEXT_MAX = 10_000  # one meldcode step, what was agreed, a close note, a consult answer
CONSULT_QUESTION_MAX = 2_000
REPORT_TEXT_MAX = 5_000  # each text field of a visit report
PROTOCOL_SECTION_MAX = 20_000  # one section of the protocol, Dutch or translated; a working-document part
AGENDA_MAX = 3_000  # a visit's agenda and the programme's template for it
NOTE_MAX = 5_000  # a correction request of a parent and the decision on it
CALENDAR_LABEL_MAX = 100  # the label of a day in the school calendar ("Ouderavond groep 8")
FAMILY_NOTE_MAX = 2_000  # a family card's sensitivities and the note on its visitor preference
REASON_OTHER_MAX = 200  # the short text beside "anders" in a list of reasons (why no visit)

# Counts.
QUESTIONS_PER_QUESTIONNAIRE_MAX = 60
FILTER_PARAMETERS_MAX = 30  # query-string parameters a filtered list accepts at all


def too_long_message(limit: int) -> str:
    """The Dutch refusal of a text longer than ``limit`` characters, naming the limit."""
    return ngettext(
        "Deze tekst is te lang: schrijf hooguit %(limit)s teken.",
        "Deze tekst is te lang: schrijf hooguit %(limit)s tekens.",
        limit,
    ) % {"limit": number_format(limit, force_grouping=True)}


def limited(limit: int) -> dict[str, Any]:
    """Keyword arguments for a form ``CharField`` that takes at most ``limit`` characters and says so in Dutch."""
    return {"max_length": limit, "error_messages": {"max_length": lazy(too_long_message, str)(limit)}}


def limit_field(field: Any, limit: int) -> None:
    """Hold a form field made from a model's text field to ``limit`` characters, saying so in Dutch."""
    field.max_length = limit
    field.validators.append(MaxLengthValidator(limit, lazy(too_long_message, str)(limit)))
    field.widget.attrs["maxlength"] = str(limit)


def check_lengths(**fields: tuple[str, int]) -> None:
    """Refuse every ``name=(text, limit)`` whose text is longer than its limit, one error per field."""
    errors = {name: too_long_message(limit) for name, (text, limit) in fields.items() if len(text) > limit}
    if errors:
        raise ValidationError(errors)
