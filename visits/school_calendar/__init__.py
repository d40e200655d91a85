"""The school's own calendar: the directie and the administrator keep the days the school does not
visit (its own holidays, study days, team weeks, evenings without visits) and the regional holidays
it does not follow. The planner reads it through ``visits.holidays.closed_on``."""
