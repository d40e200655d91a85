"""An SMS backend for the worker tests: every hand-over is one line in a log file, so a message
sent twice shows as two lines (the file backend would overwrite its file and hide it).

``TEST_SMS_PAUSE_AFTER_SEND`` (seconds) makes the worker wait after handing a message over and
before it can record "sent" — the moment the integration test kills it.
"""

import json
import os
import time
from pathlib import Path

from django.conf import settings

from notifications.sms import BaseSmsBackend

LOG_NAME = "handed-over.log"


class AppendingSmsBackend(BaseSmsBackend):
    def send(self, *, to: str, body: str, reference: str) -> str:
        folder = Path(settings.SMS_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / LOG_NAME, "a", encoding="utf-8") as log:
            log.write(json.dumps({"to": to, "reference": reference, "pid": os.getpid()}) + "\n")
            log.flush()
            os.fsync(log.fileno())
        pause = float(os.environ.get("TEST_SMS_PAUSE_AFTER_SEND", "0"))
        if pause:
            time.sleep(pause)
        return f"test-{reference}"


def handed_over(folder: Path) -> list[dict]:
    path = folder / LOG_NAME
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
