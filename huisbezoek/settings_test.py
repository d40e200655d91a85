"""Settings for pytest: the normal settings in ``test`` mode (see settings.py)."""

import os

os.environ["HUISBEZOEK_ENV"] = "test"

from .settings import *  # noqa: F403
