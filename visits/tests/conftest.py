"""The visits tests run on a fixed clock (see visits/tests/helpers.py); their other fixtures
(programme, family, rif_interpreter, women) are in visits/tests/fixtures.py."""

import pytest

from visits.tests.helpers import clock_at


@pytest.fixture(autouse=True)
def fixed_clock():
    with clock_at():
        yield
