"""The Celery app. Broker and result backend come from settings (REDIS_URL, or the
file-system transport when it is not set); tasks live in each app's ``tasks.py``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huisbezoek.settings")

app = Celery("huisbezoek")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
