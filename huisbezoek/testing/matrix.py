"""Building blocks of the URL permission matrix (see huisbezoek/tests/test_permission_matrix.py).

Each app lists its own URLs in ``<app>/tests/matrix.py`` as ``ROWS: dict[str, Row]`` and may
provide ``sample_objects(personas, school) -> dict`` with the ids its URL arguments need.
"""

from dataclasses import dataclass, field
from typing import Any

LOGIN = "login"
REDIRECT = "redirect"
STAFF = ["teacher", "colleague", "directie", "care_coordinator", "administrator", "interpreter", "outsider"]
PERSONAS = ["anonymous", *STAFF]


def everyone(answer: Any) -> dict[str, Any]:
    return dict.fromkeys(PERSONAS, answer)


def staff(answer: Any, anonymous: Any = LOGIN) -> dict[str, Any]:
    return {"anonymous": anonymous, **dict.fromkeys(STAFF, answer)}


@dataclass(frozen=True)
class Row:
    expected: dict[str, Any]
    method: str = "get"
    kwargs: dict[str, str] = field(default_factory=dict)  # names of sample values, see sample_kwargs
    data: dict[str, str] = field(default_factory=dict)  # POST data; "{school}" etc. filled in
    refuses_get: bool = True  # for POST rows: a GET answers 405
