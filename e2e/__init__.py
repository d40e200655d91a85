"""Browser tests: real Chromium (Playwright, sync API) against pytest-django's live server."""
