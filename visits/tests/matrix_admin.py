"""Permission-matrix rows for the administrator's import and group pages (see visits/tests/matrix.py)."""

from typing import Any

from huisbezoek.testing.matrix import Row

ROWS: dict[str, Row] = {}


def sample_objects(personas: dict[str, Any], school) -> dict[str, Any]:
    return {}
