"""The bench's harness (bench/measure.py): no real bench runs here, only its arithmetic."""

import json

import pytest

from bench.measure import Report, Stats, alternate, count_duplicates, goal_line, percentile, ratio


class FakeClock:
    """Each side advances the clock by its own fixed duration: timings are exact."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def side(self, seconds: float, calls: list[str], name: str):  # type: ignore[no-untyped-def]
        def run() -> None:
            calls.append(name)
            self.now += seconds

        return run


def test_alternate_interleaves_the_sides_every_round_in_a_seeded_order():
    clock, calls, orders = FakeClock(), [], []
    sides = {"page": clock.side(0.003, calls, "page"), "floor": clock.side(0.001, calls, "floor")}
    timings = alternate(sides, rounds=20, warmup=2, clock=clock, order_log=orders)

    assert len(calls) == 2 * 22  # warm-up rounds run too, and are not kept
    for i in range(0, len(calls), 2):  # every round has both sides: never a block of one side
        assert sorted(calls[i : i + 2]) == ["floor", "page"]
    assert {tuple(order) for order in orders} == {("page", "floor"), ("floor", "page")}  # shuffled per round
    assert timings["page"] == pytest.approx([0.003] * 20)
    assert timings["floor"] == pytest.approx([0.001] * 20)
    again: list[list[str]] = []
    alternate(sides, rounds=20, warmup=2, clock=FakeClock(), order_log=again)
    assert again == orders  # fixed seed: the same order in every run


def test_median_and_spread():
    stats = Stats.of([5.0, 1.0, 3.0, 2.0, 4.0])
    assert (stats.median, stats.n) == (3.0, 5)
    assert stats.p10 == pytest.approx(1.4)
    assert stats.p90 == pytest.approx(4.6)
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == pytest.approx(2.5)
    assert Stats.of([7.0]) == Stats(7.0, 7.0, 7.0, 1)


def test_ratio_of_medians_and_of_the_rounds():
    result = ratio(page=[3.0, 6.0, 9.0], floor=[1.0, 1.0, 3.0])
    assert result.value == pytest.approx(6.0)  # median 6 / median 1
    assert result.per_round.median == pytest.approx(3.0)  # per round 3, 6, 3
    assert (result.per_round.p10, result.per_round.p90) == pytest.approx((3.0, 5.4))
    with pytest.raises(ValueError):
        ratio(page=[1.0], floor=[1.0, 2.0])


@pytest.mark.parametrize(
    ("value", "limit", "digits", "line"),
    [
        (2.414, 3, 2, "goal board view / its SQL replay: 2.41 (goal <= 3) met"),
        (3.2, 3, 2, "goal board view / its SQL replay: 3.20 (goal <= 3) not met"),
        (3.0, 3, 2, "goal board view / its SQL replay: 3.00 (goal <= 3) met"),
        (None, 3, 2, "goal board view / its SQL replay: n/a (goal <= 3) not met"),
    ],
)
def test_goal_line(value, limit, digits, line):
    assert goal_line("board view / its SQL replay", value, limit, digits) == line


def test_goal_line_counts_and_limits():
    assert goal_line("dashboard queries", 14, 15, digits=0) == "goal dashboard queries: 14 (goal <= 15) met"
    assert goal_line("reminder duplicates", 1, 0, digits=0) == "goal reminder duplicates: 1 (goal <= 0) not met"
    assert goal_line("booklet render s", 2.6, 2.5) == "goal booklet render s: 2.60 (goal <= 2.5) not met"


def test_duplicates_are_counted_from_what_arrived():
    arrivals = [("email", "<a@huisbezoek>"), ("sms", "0612", "Morgen"), ("email", "<b@huisbezoek>")]
    assert count_duplicates(arrivals) == 0
    planted = [*arrivals, ("sms", "0612", "Morgen"), ("sms", "0612", "Morgen")]
    assert count_duplicates(planted) == 2  # every arrival after the first of the same message
    assert count_duplicates([("sms", "0612", "Morgen"), ("sms", "0613", "Morgen")]) == 0


def test_fake_sms_server_records_a_duplicate_it_receives():
    import urllib.parse
    import urllib.request

    from bench.fakes import FakeSms

    server = FakeSms()
    try:
        data = urllib.parse.urlencode({"To": "+31612345678", "From": "School", "Body": "Morgen om 16:00"}).encode()
        url = f"{server.url}/2010-04-01/Accounts/AC1/Messages.json"
        for _ in range(2):
            with urllib.request.urlopen(urllib.request.Request(url, data=data, method="POST")) as response:  # noqa: S310
                assert response.status == 201
                assert json.loads(response.read())["sid"].startswith("SM")
    finally:
        server.stop()
    assert len(server.recorder) == 2
    assert server.recorder.duplicates() == 1


def test_report_writes_goals_and_figures(tmp_path, capsys):
    report = Report()
    report.table("dashboard", {"dashboard": [0.02, 0.03], "its SQL replay": [0.01, 0.01]}, floor="its SQL replay")
    report.goal("dashboard / its SQL replay", 2.5, 3)
    report.goal("reminder duplicates", None, 0, digits=0)
    report.print_goals()
    out = capsys.readouterr().out
    assert "goal dashboard / its SQL replay: 2.50 (goal <= 3) met" in out
    assert "goal reminder duplicates: n/a (goal <= 0) not met" in out
    saved = json.loads(report.save(tmp_path).read_text())
    assert saved["dashboard"]["ratios"]["dashboard"]["value"] == pytest.approx(2.5)
    assert [g["met"] for g in saved["goals"]] == [True, False]


def test_the_table_shows_each_goal_with_both_sides_and_the_runs_own_verdict(tmp_path):
    from bench.table import table

    report = Report()
    report.record("stack", "PostgreSQL + Redis")
    timings = {"dashboard": [0.030, 0.033, 0.036], "its SQL replay": [0.010, 0.010, 0.011]}
    report.table("dashboard, scale 5", timings, floor="its SQL replay", ratio_of=["dashboard"])
    report.goal("dashboard / its SQL replay, scale 5", 3.3, 3)
    report.goal("reminder duplicates", 0, 0, digits=0)
    run = json.loads(report.save(tmp_path).read_text())
    lines = table([run]).splitlines()
    assert lines[0].startswith("| measure | stack | this project | floor |")
    dashboard, duplicates = lines[2], lines[3]
    assert "| PostgreSQL + Redis | 33.0 ms [30.6-35.4] n=3 | its SQL replay: 10.0 ms" in dashboard
    assert "| 3.30x [" in dashboard and dashboard.endswith("| <= 3 | **not met** |")
    assert duplicates.startswith("| reminder duplicates |") and duplicates.endswith("| 0 | <= 0 | met |")


def test_fake_sms_server_holds_one_answer_for_the_killed_worker_test():
    import threading
    import urllib.parse
    import urllib.request

    from bench.fakes import FakeSms

    server = FakeSms()
    answers: list[int] = []
    data = urllib.parse.urlencode({"To": "+31612345678", "From": "School", "Body": "Morgen"}).encode()
    url = f"{server.url}/2010-04-01/Accounts/AC1/Messages.json"

    def send() -> None:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, method="POST"), timeout=10) as response:  # noqa: S310
            answers.append(response.status)

    try:
        server.hold()
        sender = threading.Thread(target=send)
        sender.start()
        port = server.held.get(timeout=10)  # the message is taken, its answer waits
        assert port > 0 and len(server.recorder) == 1 and answers == []
        server.release()
        sender.join(timeout=10)
    finally:
        server.stop()
    assert answers == [201]


def test_fake_sms_server_answers_a_kept_connection_without_a_delay_per_message(monkeypatch):
    """As the Twilio backend sends a batch: one kept-alive session. The fake's answer leaves in two
    writes; with Nagle's algorithm on, the second waited for the client's delayed ACK, 40 ms per
    message, which made the fake, not the workers, the reminder bench's bottleneck. Checked on the
    sockets the fake really answers on (no timing: that belongs in the bench)."""
    import socket

    import requests

    from bench.fakes import FakeSms

    server = FakeSms()
    handler = server.server.RequestHandlerClass
    no_delay: list[int] = []
    original_setup = handler.setup

    def setup(self):
        original_setup(self)
        no_delay.append(self.connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))

    monkeypatch.setattr(handler, "setup", setup)
    url = f"{server.url}/2010-04-01/Accounts/AC1/Messages.json"
    try:
        with requests.Session() as session:
            for i in range(3):
                answer = session.post(url, data={"To": f"+316{i:08d}", "From": "School", "Body": "Morgen"}, timeout=10)
                assert answer.status_code == 201
    finally:
        server.stop()
    assert len(server.recorder) == 3
    assert no_delay == [1]  # one kept connection, answered without Nagle's wait
