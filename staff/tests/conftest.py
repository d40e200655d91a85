"""The staff tests run on the visits tests' fixed clock (Monday 2 November 2026), inside the
personas' school year."""

import pytest

from visits.tests.helpers import clock_at


@pytest.fixture(autouse=True)
def fixed_clock():
    with clock_at():
        yield
