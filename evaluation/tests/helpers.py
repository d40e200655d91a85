"""Helpers of the evaluation tests: answers to a questionnaire, opening with invitations, a link token."""

import re

from evaluation import services
from evaluation.services import Given
from evaluation.tasks import send_parent_invitations


def answers_for(questions, scale=4, text="Prima"):
    return {q.pk: Given(scale=scale) if q.kind == "scale" else Given(text=text) for q in questions}


def open_and_invite(evaluation, directie):
    services.evaluation_open(evaluation=evaluation, by=directie)
    send_parent_invitations(evaluation.pk)
    return evaluation


def token_from(notification):
    return re.search(r"/vragenlijst/([A-Za-z0-9_-]+)/", notification.body).group(1)
