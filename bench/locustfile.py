"""Locust journeys against the real server (``make load`` starts everything; see bench/load.py).

Three kinds of user, each logged in with a session cookie made by the set-up (never through the
log-in form and its rate limits): teachers (home, pupil list, one of their visits, calendar
settings), directie (dashboard, board view, team meeting) and parents (public protocol page and
its PDF). ``BENCH_LOAD_CONFIG`` names the JSON file the set-up wrote (cookies and URLs).
"""

from __future__ import annotations

import json
import os
import random

from locust import HttpUser, between, task

CONFIG = json.loads(open(os.environ["BENCH_LOAD_CONFIG"]).read()) if os.environ.get("BENCH_LOAD_CONFIG") else {}


class _Staff(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    persona = ""

    def on_start(self) -> None:
        me = random.choice(CONFIG[self.persona])
        self.me = me
        self.client.headers.update({"Cookie": me["cookie"], "X-Forwarded-Proto": "https"})

    def get(self, url: str, name: str) -> None:
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")


class Teacher(_Staff):
    weight = 6
    persona = "teachers"

    @task(3)
    def home(self) -> None:
        self.get(CONFIG["urls"]["home"], "teacher: home")

    @task(3)
    def pupil_list(self) -> None:
        self.get(CONFIG["urls"]["pupil_list"], "teacher: pupil list")

    @task(2)
    def visit(self) -> None:
        self.get(self.me["visit"], "teacher: a visit")

    @task(1)
    def calendar(self) -> None:
        self.get(CONFIG["urls"]["calendar"], "teacher: calendar")


class Directie(_Staff):
    weight = 2
    persona = "directie"

    @task(3)
    def dashboard(self) -> None:
        self.get(CONFIG["urls"]["dashboard"], "directie: dashboard")

    @task(1)
    def board(self) -> None:
        self.get(CONFIG["urls"]["board"], "directie: board view")

    @task(1)
    def team_meeting(self) -> None:
        self.get(CONFIG["urls"]["team_meeting"], "directie: team meeting")


class Parent(HttpUser):
    weight = 4
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.client.headers.update({"X-Forwarded-Proto": "https"})

    @task(3)
    def page(self) -> None:
        self.client.get(CONFIG["urls"]["public_page"], name="parent: protocol page")

    @task(1)
    def pdf(self) -> None:
        self.client.get(CONFIG["urls"]["public_pdf"], name="parent: protocol PDF")
