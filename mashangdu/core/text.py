"""Text that is safe to store and to publish: no control characters, no lone surrogates.

XML 1.0 allows only TAB, LF and CR below U+0020, and no U+FFFE/U+FFFF; UTF-8 cannot encode a lone
surrogate (U+D800–U+DFFF), which a JSON body can carry as an escape ("\\ud800"). One such character in
one citizen's text made the whole Open311 list unparseable, so every input is cleaned on the way in
(`CleanInputMiddleware`, the API's parsers, the appeal services) and every public renderer cleans again
on the way out (for what was stored before).
"""

from __future__ import annotations

import re
from typing import Any

# Vertical tab, form feed, NEL, line and paragraph separators end a line in the writer's eyes.
_LINE_BREAKS = re.compile("[\x0b\x0c\x85\u2028\u2029]")
# C0 controls except TAB, LF, CR; DEL; C1 controls; lone surrogates; the two XML-forbidden noncharacters.
_FORBIDDEN = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: str) -> str:
    """`value` without control characters and lone surrogates; line breaks become LF, TAB stays."""
    if not value:
        return value
    return _FORBIDDEN.sub("", _LINE_BREAKS.sub("\n", value))


def needs_cleaning(value: str) -> bool:
    return bool(_FORBIDDEN.search(value) or _LINE_BREAKS.search(value))


def clean_data(value: Any) -> Any:
    """`clean_text` over every string (keys too) inside parsed JSON: dicts, lists, strings."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_data(k): clean_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_data(v) for v in value]
    return value
