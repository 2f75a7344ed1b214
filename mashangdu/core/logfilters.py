"""Logging filters: personal data never reaches a log line in clear (docs/domain.md §Personal data)."""

from __future__ import annotations

import logging

from mashangdu.core.masking import mask_phones_in_text


class MaskPhones(logging.Filter):
    """Masks every mobile number in a record's message (138****5678), whoever logged it: the development
    server's request lines (`GET /appeals/?q=139…`), Django's warnings, third-party libraries. Searches by
    phone are POSTs, so this is the fallback, not the rule."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is logged as Python would log it, masked below
            message = str(record.msg)
        masked = mask_phones_in_text(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


class ClientErrorsWithoutTraceback(logging.Filter):
    """A 4xx is the client's mistake, logged by Django as one warning line ("Forbidden (Permission denied):
    /tasks/review/"); its traceback would bury the log (dozens a minute from a crawler) and tells the
    operator nothing. Server errors keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info, record.exc_text = None, None
        return True
