"""Keep resume link tokens out of the server's logs.

Whoever reads an access log must not find a working `/resumes/<token>` in it. The
servers log the request line themselves (Werkzeug's development server on the
`werkzeug` logger, gunicorn on `gunicorn.access`, its request errors on
`gunicorn.error`, Flask's unhandled errors on the app's logger), so a filter on each of
those loggers rewrites the formatted line before any handler sees it. The download URL
the link redirects to carries no secret and is logged as it is.
"""

from __future__ import annotations

import logging
import re

# A token is itsdangerous' URL-safe alphabet; stop at anything a log format puts after
# a path (space, quote) and keep the query string, which the link never carries.
# Withdrawal links (web/withdraw.py) too: whoever holds one can erase an application.
TOKEN_IN_PATH = re.compile(r"(/resumes/(?!download/)|/withdraw/)[^\s\"'?#]+")
REDACTED = r"\1[redacted]"
SERVER_LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error")


class RedactResumeTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/resumes/" in message or "/withdraw/" in message:
            redacted = TOKEN_IN_PATH.sub(REDACTED, message)
            if redacted != message:
                record.msg, record.args = redacted, None
        return True


def install(app_logger_name: str) -> None:
    """Add the filter to the servers' loggers and the app's, once each."""
    for name in (*SERVER_LOGGERS, app_logger_name):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactResumeTokens) for f in logger.filters):
            logger.addFilter(RedactResumeTokens())
