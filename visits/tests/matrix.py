"""Permission-matrix rows for every URL of the visits app (read by huisbezoek/tests/test_permission_matrix.py)."""

from typing import Any

from huisbezoek.testing.matrix import Row

from . import matrix_admin

ROWS: dict[str, Row] = {
    **matrix_admin.ROWS,
}


def sample_objects(personas: dict[str, Any], school) -> dict[str, Any]:
    return {**matrix_admin.sample_objects(personas, school)}
