"""Secrets in URLs kept out of access logs: the token of a calendar feed address
(/asks/calendar/<token>.ics) and of a password link (/reset/<token>) are masked in the
request lines the development server and gunicorn write.

gunicorn: `gunicorn --logger-class planner.logs.MaskingGunicornLogger ...` (README)."""

import logging
import re

from flask import Flask

SECRET_IN_PATH = re.compile(r"(/calendar/|/reset/)[^\s/?#\"'.]+")
MASK = r"\1[hidden]"


def mask(text: str) -> str:
    return SECRET_IN_PATH.sub(MASK, text)


class MaskSecrets(logging.Filter):
    """Rewrite a log record's message with the secret tokens in its URLs masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


def init_app(app: Flask) -> None:
    """Mask the development server's request log (werkzeug's logger)."""
    werkzeug_log = logging.getLogger("werkzeug")
    if not any(isinstance(f, MaskSecrets) for f in werkzeug_log.filters):
        werkzeug_log.addFilter(MaskSecrets())


try:
    from gunicorn.glogging import Logger as GunicornLogger
except ImportError:  # gunicorn is optional: any WSGI server runs the app
    pass
else:

    class MaskingGunicornLogger(GunicornLogger):
        """gunicorn's logger with secret tokens masked in every access-log field (the
        request line, path, query and the Referer a page's own assets are fetched with)."""

        def atoms(self, resp, req, environ, request_time):
            found = super().atoms(resp, req, environ, request_time)
            return {k: mask(v) if isinstance(v, str) else v for k, v in found.items()}
