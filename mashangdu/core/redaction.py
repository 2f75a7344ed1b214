"""Personal data in free text, found and replaced before the text reaches a public output (decision 0014).

`find_personal_data` returns what it found (kind and span); `redact` replaces each finding with a label
such as 〔手机号〕. It finds, in any mix of half- and full-width characters:

- mobile numbers with any separators or none (138-1234-5678, 138 1234 5678, +86 138…, 1 3 8 …);
- landlines with an area code, in brackets or not, with an extension (0317-1234567, (0317)1234567 转 802);
- ID numbers (GB 11643): 18 characters with a valid birth date and check character, or 15 digits with a
  valid date; a run of 15 or more digits that is no valid ID is still hidden, as 〔号码〕;
- bank card numbers: 16–19 digits passing the Luhn check, with or without spaces;
- e-mail addresses, vehicle plates (冀A12345, 冀A·12345, new-energy 冀AD12345), WeChat and QQ ids
  after their keyword, and local numbers after a phone keyword (电话 5123456);
- the requester's own name and phone number, given by the caller.

Dates, amounts, areas, times, 12345, and codes glued to letters (tracking numbers MSD2026…, express
numbers) are left alone. Positions are kept: full-width characters and Chinese numerals are folded
one-for-one before matching.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

LABELS = {
    "email": "〔邮箱〕",
    "id_number": "〔身份证号〕",
    "bank_card": "〔银行卡号〕",
    "long_number": "〔号码〕",
    "mobile": "〔手机号〕",
    "landline": "〔电话〕",
    "phone": "〔电话〕",
    "plate": "〔车牌号〕",
    "im_id": "〔联系方式〕",
    "name": "〔姓名〕",
}

# Full-width ASCII (U+FF01–FF5E) and the ideographic space, folded one character for one; so are the
# Chinese numerals people use to spell a number out (幺三八… as read aloud; 十/百 are not digits).
_FOLD = (
    {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
    | {0x3000: 0x20}
    | {
        ord(c): ord(str(d))
        for d, chars in enumerate(["〇零", "一幺", "二", "三", "四", "五", "六", "七", "八", "九"])
        for c in chars
    }
)

# Between two digits of one number people type spaces, hyphens, dots, middle dots and invisible spaces.
_SEP_CHARS = r" \t\u00a0\-\u2010-\u2015.\u00b7\u30fb\u200b-\u200d\u2060\ufeff"
SEP = f"[{_SEP_CHARS}]{{0,3}}"
_GROUP_SEP = "[ \u00a0\\-\u2010-\u2015]"  # between digit groups of a card or an ID
# A number directly followed by a unit is an amount, an area or a count, not a phone number.
_UNIT = r"(?![ ]?(?:元|块钱|万|亿|平方|㎡|亩|米|公里|km|m²|吨|公斤|千克|kg|%|‰))"
_START = r"(?<![0-9])(?<![0-9][.,])"  # not inside a number, a decimal or a thousands group
_START_CODE = r"(?<![0-9A-Za-z])(?<![0-9][.,])"  # …nor glued to letters (MSD2026…, SF1234…)

_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_DIGIT_RUN = re.compile(
    _START_CODE
    + rf"\d{{3,}}(?:{_GROUP_SEP}{{1,2}}\d{{3,}})*(?:{_GROUP_SEP}{{1,2}}\d{{1,2}})?[Xx]?(?![0-9A-Za-z])"
    + _UNIT
)
_MOBILE = re.compile(
    _START + rf"(?:(?:\+|00){SEP}86{SEP}|\(\+?86\){SEP}|86{SEP})?" + rf"1{SEP}[3-9](?:{SEP}\d){{9}}(?!\d)" + _UNIT
)
_AREA = r"0(?:10|2\d|[3-9]\d{2})"
_EXTENSION = rf"(?:{SEP}(?:转|分机|ext\.?|x|#|-){SEP}\d{{1,6}}(?!\d))?"
_LANDLINE = re.compile(
    _START
    + rf"(?:(?:(?:\+|00){SEP}86{SEP}(?:\(0\))?(?:10|2\d|[3-9]\d{{2}}))|\({_AREA}\)|{_AREA})"
    + rf"{SEP}[1-9]\d{{2,3}}{SEP}\d{{4}}(?!\d)"
    + _EXTENSION
    + _UNIT
)
_KEYWORD_NUMBER = re.compile(
    r"(?:电话|手机|座机|固话|联系方式|tel|phone|call)(?:号码?)?[ :：是为]{0,3}"
    + _START
    + rf"(\d(?:{SEP}\d){{6,11}})(?!\d)",
    re.IGNORECASE,
)
_IM_ID = re.compile(
    r"(?:(?:微信号?|QQ号?|扣扣号?)[ :是为]{0,3}|(?:wechat|weixin|wx|vx) ?: ?)"
    r"([A-Za-z0-9][A-Za-z0-9_\-]{4,19})(?![A-Za-z0-9_\-])",
    re.IGNORECASE,
)
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE_LETTER = "A-HJ-NP-Za-hj-np-z"  # no I or O on plates
_PLATE = re.compile(
    rf"[{_PROVINCES}][{_PLATE_LETTER}][ ·•\u30fb.\-]?"
    rf"(?:[DFdf][{_PLATE_LETTER}0-9]\d{{4}}|\d{{5}}[DFdf]|[{_PLATE_LETTER}0-9]{{4}}[{_PLATE_LETTER}0-9挂学警])"
    r"(?![0-9A-Za-z])"
)

_DIGIT = re.compile("[0-9]")

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int


def id_number_valid(value: str) -> bool:
    """GB 11643: 18 characters with a real birth date and the check character, or 15 digits (the first
    generation, no check character) with a real date."""
    value = value.upper()
    if len(value) == 18 and value[:17].isdigit():
        if ID_CHECK[sum(int(d) * w for d, w in zip(value[:17], ID_WEIGHTS, strict=True)) % 11] != value[17]:
            return False
        return value[0] != "0" and _date(value[6:14])
    if len(value) == 15 and value.isdigit():
        return value[0] != "0" and _date("19" + value[6:12])
    return False


def _date(yyyymmdd: str) -> bool:
    try:
        born = dt.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= born


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _number_kind(run: str) -> str | None:
    """What a run of digits (with group separators) is: an ID, a card, another long number, or nothing."""
    digits = re.sub(r"[^0-9Xx]", "", run)
    if id_number_valid(digits):
        return "id_number"
    if not digits.isdigit():
        digits = digits[:-1]  # a trailing X on a wrong ID: still a long number
    if 16 <= len(digits) <= 19 and luhn_valid(digits):
        return "bank_card"
    if len(digits) >= 15:
        return "long_number"
    return None


def _own_phone_patterns(phones: Iterable[str]) -> list[tuple[str, re.Pattern[str]]]:
    patterns = []
    for phone in phones:
        digits = re.sub(r"\D", "", phone or "")
        kind = "mobile" if re.fullmatch(r"1[3-9]\d{9}", digits) else "landline"
        variants = {digits}
        area = re.match(_AREA, digits)
        if area and len(digits) - area.end() >= 7:
            variants.add(digits[area.end() :])  # the local number alone
        for variant in sorted(v for v in variants if len(v) >= 7):
            patterns.append((kind, re.compile(_START + SEP.join(variant) + r"(?!\d)")))
    return patterns


def _name_patterns(names: Iterable[str]) -> list[re.Pattern[str]]:
    patterns = []
    for name in names:
        letters = [c for c in (name or "").translate(_FOLD) if not c.isspace() and c not in "·•・"]
        if len(letters) < 2:
            continue  # one character would hide every occurrence of a common character
        patterns.append(re.compile(r"[ ·•\u30fb]?".join(re.escape(c) for c in letters), re.IGNORECASE))
    return patterns


def find_personal_data(text: str, *, names: Iterable[str] = (), phones: Iterable[str] = ()) -> list[Finding]:
    """Every finding in `text`, in order, none overlapping (the earlier, more specific kind wins)."""
    folded = text.translate(_FOLD)
    found: list[Finding] = []

    def add(kind: str, start: int, end: int) -> None:
        if end > start and not any(f.start < end and start < f.end for f in found):
            found.append(Finding(kind, start, end))

    if "@" in folded:
        for m in _EMAIL.finditer(folded):
            add("email", m.start(), m.end())
    if _DIGIT.search(folded):
        _find_numbers(folded, phones, add)
    for m in _IM_ID.finditer(folded):
        add("im_id", m.start(1), m.end(1))
    for pattern in _name_patterns(names):
        for m in pattern.finditer(folded):
            add("name", m.start(), m.end())
    return sorted(found, key=lambda f: f.start)


def _find_numbers(folded: str, phones: Iterable[str], add: Callable[[str, int, int], None]) -> None:
    """Everything made of digits, most specific first (a text without a digit skips all of it)."""
    for kind, pattern in _own_phone_patterns(phones):
        for m in pattern.finditer(folded):
            add(kind, m.start(), m.end())
    for m in _MOBILE.finditer(folded):  # before long numbers: 008613812345678 is a mobile
        add("mobile", m.start(), m.end())
    for m in _DIGIT_RUN.finditer(folded):
        number = _number_kind(m.group())
        if number:
            add(number, m.start(), m.end())
    for m in _LANDLINE.finditer(folded):
        add("landline", m.start(), m.end())
    for m in _KEYWORD_NUMBER.finditer(folded):
        add("phone", m.start(1), m.end(1))
    for m in _PLATE.finditer(folded):
        if sum(c.isdigit() for c in m.group()) >= 3:  # 冀A12345, 冀AD12345, not 新ADMIN
            add("plate", m.start(), m.end())


def redact(text: str, *, names: Iterable[str] = (), phones: Iterable[str] = ()) -> str:
    """`text` with every finding replaced by its label, e.g. 请联系〔手机号〕."""
    if not text:
        return text
    out, last = [], 0
    for f in find_personal_data(text, names=names, phones=phones):
        out += [text[last : f.start], LABELS[f.kind]]
        last = f.end
    out.append(text[last:])
    return "".join(out)
