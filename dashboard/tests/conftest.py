"""The dashboard's tests use the visits fixtures: the programme, the interpreter and the fixed clock."""

from visits.tests.conftest import fixed_clock, programme, rif_interpreter  # noqa: F401
