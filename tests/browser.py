"""Browser fixtures: Debian's Chromium driven by Playwright, against a live server."""
