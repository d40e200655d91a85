"""Permission-matrix rows for the dashboard's URLs (read by huisbezoek/tests/test_permission_matrix.py).

The directie's dashboard, team meeting (page, CSV, PDF) and board view: counts only, directie only.
"""

from huisbezoek.testing.matrix import Row, staff

ROWS: dict[str, Row] = {
    "dashboard:dashboard": Row({**staff(403), "directie": 200}),
    "dashboard:team_meeting": Row({**staff(403), "directie": 200}),
    "dashboard:team_meeting_csv": Row({**staff(403), "directie": 200}),
    "dashboard:team_meeting_pdf": Row({**staff(403), "directie": 200}),
    "dashboard:board": Row({**staff(403), "directie": 200}),
}
