"""Settings for pytest: the normal settings in ``test`` mode (see settings.py)."""

import os

os.environ["HUISBEZOEK_ENV"] = "test"

from .settings import *  # noqa: F403

# Under pytest-xdist each process has its own test database (pytest-django adds the suffix) and,
# with Redis, its own Redis database for the cache: one process's cache.clear() (a flush of the
# whole database) or key of the same name ("protocol-pdf-requested:1:nl", with ids that repeat
# across processes' databases) never meets another's. Databases 14 and 15 are the worker tests',
# 0 is left to development; `make test` starts at most 12 processes, one per database left.
_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw0", "gw1", ... or "" without xdist
if REDIS_URL and _xdist_worker:  # noqa: F405 - from settings
    from urllib.parse import urlsplit, urlunsplit

    _parts = urlsplit(REDIS_URL)  # noqa: F405
    _base = int(_parts.path.strip("/") or 0)
    _free = [db for db in range(1, 14) if db != _base]
    _db = _free[int(_xdist_worker.removeprefix("gw")) % len(_free)]
    CACHES["default"]["LOCATION"] = urlunsplit(_parts._replace(path=f"/{_db}"))  # noqa: F405
