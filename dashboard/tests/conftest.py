"""The dashboard's tests run on the visits tests' fixed clock (see visits/tests/helpers.py)."""

import pytest

from visits.tests.helpers import clock_at


@pytest.fixture(autouse=True)
def fixed_clock():
    with clock_at():
        yield
