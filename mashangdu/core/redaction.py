"""Personal data in free text, found and replaced before the text reaches a public output (decision 0014).

`find_personal_data` returns what it found (kind and span); `redact` replaces each finding with a label
such as 〔手机号〕. It finds, in digits of any script (１, ١, 𝟏, ①, 壹, 幺…) and any mix of widths:

- mobile numbers with any separators or none (138-1234-5678, 138/1234/5678, 138（1234）5678, one per
  line, +86 / 0086 / 86 in front);
- landlines with an area code, in brackets or not, +86 (0) …, with an extension (0317-1234567,
  (0317)1234567 转 802), and local numbers without one after a phone word (打8123-4567, 电话 5123456);
- ID numbers (GB 11643): 18 characters with a valid birth date and check character, or 15 digits with a
  valid date, in groups or digit by digit; a run of 15 or more digits that is no valid ID is still
  hidden, as 〔号码〕;
- bank card numbers: 16–19 digits passing the Luhn check, in groups split by spaces, dots, slashes;
- e-mail addresses, also written with ＠, (at), " at ", 。, " dot ";
- vehicle plates, spaced out or not (冀A12345, 冀 A 1234 5, 冀AD·12345, 冀A12345F);
- WeChat and QQ ids, passports, travel permits and other certificates after their keyword;
- the requester's own name (with spaces or dashes between the characters) and phone number, given by
  the caller, in any of the forms above.

Dates, amounts, areas, times, 12345, thousands groupings, and codes glued to letters (tracking numbers
MSD2026…, express numbers, enterprises' credit codes) are left alone. Positions are kept: the text is
folded one character for one (`_Fold`) before matching, and the original span is replaced.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import unicodedata
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
    "im_id": "〔社交账号〕",
    "certificate": "〔证件号〕",
    "name": "〔姓名〕",
}


class _Fold(dict[int, int]):
    """One character for one, so that a finding's span in the folded text is its span in the original:
    any decimal digit (Arabic-Indic ١, mathematical 𝟏, full-width １…) becomes its ASCII digit, anything
    NFKC turns into a single character becomes that character (full-width ASCII, the ideographic space,
    circled ①, 𝐀); `_FOLD` also makes digits of the Chinese numerals people use to spell a number out
    (幺三八…, 壹贰叁… as on a cheque; 十/百/拾 are not digits), which the text gets only inside a spelled-out
    number (`_fold_spelled_numbers`). Built lazily: a text's characters are looked up once."""

    def __missing__(self, cp: int) -> int:
        char = chr(cp)
        decimal = unicodedata.decimal(char, None)
        if decimal is not None:
            folded = ord(str(decimal))
        else:
            nfkc = unicodedata.normalize("NFKC", char)
            folded = ord(nfkc) if len(nfkc) == 1 else cp
        self[cp] = folded
        return folded


_CHINESE_NUMERALS = {
    ord(c): ord(str(d))
    for d, chars in enumerate(["〇零", "一幺壹", "二贰貳", "三叁", "四肆", "五伍", "六陆", "七柒", "八捌", "九玖"])
    for c in chars
}
_FOLD_BASE = _Fold({cp: cp for cp in range(0x80)})  # digits of any script, widths; Chinese numerals kept
_FOLD = _Fold({cp: cp for cp in range(0x80)} | _CHINESE_NUMERALS)  # for a phone or a name given by the caller

# Between two digits of one number people type spaces, tabs, line breaks, hyphens and dashes, dots, middle
# dots, invisible spaces (strong separators, allowed between every digit), and slashes, underscores,
# commas and brackets (weak ones: only between groups of two digits or more, so that a list "1，3，5…" or a
# thousands grouping 13,800,000,000 is not a phone number; see `_plausible_groups`).
_STRONG_SEP = r" \t\r\n\u00a0\-\u2010-\u2015.\u00b7\u30fb\u200b-\u200d\u2060\ufeff"
_WEAK_SEP = r"/_,()"
SEP = f"[{_STRONG_SEP}{_WEAK_SEP}]{{0,4}}"
_GROUP_SEP = "[ \u00a0\\-\u2010-\u2015./_]"  # between digit groups of a card or an ID
# A number directly followed by a unit is an amount, an area or a count, not a phone number.
_UNIT = r"(?![ ]?(?:元|块钱|万|亿|平方|㎡|亩|米|公里|km|m²|m2|吨|公斤|千克|kg|%|‰))"
_START = r"(?<![0-9])(?<![0-9][.,])"  # not inside a number, a decimal or a thousands group
_START_CODE = r"(?<![0-9A-Za-z])(?<![0-9][.,])"  # …nor glued to letters (MSD2026…, SF1234…)

# E-mail, also disguised: ＠ (folded to @), (at) [at] " at ", 。 for the dot, " dot ".
_AT = r"(?:@|[ ]?[(\[]at[)\]][ ]?|[ ]at[ ])"
_DOT = r"(?:[.。]|[ ]?[(\[]dot[)\]][ ]?|[ ]dot[ ])"
_EMAIL = re.compile(
    rf"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+{_AT}[A-Za-z0-9\-]+(?:{_DOT}[A-Za-z0-9\-]+)*{_DOT}[A-Za-z]{{2,6}}"
    r"(?![A-Za-z])",
    re.IGNORECASE,
)
_EMAIL_HINT = re.compile(r"@|\bat\b", re.IGNORECASE)
_DIGIT_RUN = re.compile(
    _START_CODE
    + rf"\d{{3,}}(?:{_GROUP_SEP}{{1,2}}\d{{3,}})*(?:{_GROUP_SEP}{{1,2}}\d{{1,2}})?[Xx]?(?![0-9A-Za-z])"
    + _UNIT
)
# An ID or a card with a separator between every digit (1 3 0 1 0 2 …).
_SPACED_RUN = re.compile(_START_CODE + r"\d(?:[ \t\u00a0./_\-]\d){14,18}(?:[ \t\u00a0./_\-]?[Xx])?(?![0-9A-Za-z])")
_COUNTRY = rf"(?:(?:\+|00){SEP}86{SEP}(?:\(0\){SEP})?|\(\+?86\){SEP}|86{SEP})"
_MOBILE = re.compile(_START + rf"{_COUNTRY}?" + rf"1{SEP}[3-9](?:{SEP}\d){{9}}(?!\d)" + _UNIT)
_AREA = r"0(?:10|2\d|[3-9]\d{2})"
_EXTENSION = rf"(?:{SEP}(?:转|分机|ext\.?|x|#|-){SEP}\d{{1,6}}(?!\d))?"
_LANDLINE = re.compile(
    _START
    + rf"(?:(?:(?:\+|00){SEP}86{SEP}(?:\(0\){SEP})?(?:10|2\d|[3-9]\d{{2}}))|\({_AREA}\)|{_AREA})"
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
# A local landline without its area code (8123-4567, 81234567, 5123456) is hidden only after a phone
# word a few characters before it: 电话/座机/固话/联系/致电/来电/拨打/号码/tel/call, or 打 right before it.
# Not on its own: an 8-digit number is as often an amount, a count or a date (20261129). Never when a
# unit follows (81234567元) or when the 8 digits are a date.
_LOCAL_NUMBER = re.compile(
    r"(?:(?:电话|座机|固话|联系|致电|来电|拨打|号码|找我|tel|phone|call)[^0-9\n]{0,6}?|打[ 给我这个]{0,2})"
    + _START
    + rf"([2-9]\d{{2,3}}{SEP}\d{{4}})(?!\d)"
    + _UNIT,
    re.IGNORECASE,
)
_IM_ID = re.compile(
    r"(?:(?:微信号?|QQ号?|扣扣号?)[ :是为]{0,3}|(?:wechat|weixin|wx|vx|qq) ?: ?)"
    r"([A-Za-z0-9][A-Za-z0-9_\-]{4,19})(?![A-Za-z0-9_\-])",
    re.IGNORECASE,
)
# Passports (E12345678), 港澳/台湾 permits (C12345678), and other certificates, after their keyword.
_CERTIFICATE = re.compile(
    r"(?:护照|通行证|台胞证|回乡证|军官证|士兵证|居住证|社保卡|医保卡|证件)(?:号码?)?[ :：是为]{0,3}"
    r"([A-Za-z]{0,2}\d(?:[ \-]?[0-9A-Za-z]){5,17})(?![0-9A-Za-z])",
    re.IGNORECASE,
)
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE_LETTER = "A-HJ-NP-Za-hj-np-z"  # no I or O on plates
_PS = r"[ ·•\u30fb.\-]{0,2}"  # people space a plate out: 冀 A 1234 5, 冀AD·12345
_AN = f"[{_PLATE_LETTER}0-9]"


def _plate_body(*classes: str) -> str:
    return _PS.join(classes)


_PLATE = re.compile(
    rf"[{_PROVINCES}]{_PS}[{_PLATE_LETTER}]{_PS}(?:"
    + _plate_body("[DFdf]", _AN, r"\d", r"\d", r"\d", r"\d")  # new energy, small car
    + "|"
    + _plate_body(r"\d", r"\d", r"\d", r"\d", r"\d", "[DFdf]")  # new energy, large vehicle
    + "|"
    + _plate_body(_AN, _AN, _AN, _AN, f"[{_PLATE_LETTER}0-9挂学警港澳]")
    + r")(?![0-9A-Za-z])"
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
        digits = re.sub(r"\D", "", (phone or "").translate(_FOLD))
        if digits.startswith("0086"):
            digits = digits[4:]
        elif digits.startswith("86") and len(digits) == 13:
            digits = digits[2:]
        kind = "mobile" if re.fullmatch(r"1[3-9]\d{9}", digits) else "landline"
        variants = {digits}
        area = re.match(_AREA, digits)
        if area and len(digits) - area.end() >= 7:
            variants.add(digits[area.end() :])  # the local number alone
        for variant in sorted(v for v in variants if len(v) >= 7):
            # In any separators, with a country code in front of it (+86-139…, 0086 139…).
            patterns.append((kind, re.compile(_START + f"{_COUNTRY}?" + SEP.join(variant) + r"(?!\d)")))
    return patterns


def _name_patterns(names: Iterable[str]) -> list[re.Pattern[str]]:
    patterns = []
    for name in names:
        letters = [c for c in (name or "").translate(_FOLD_BASE) if not c.isspace() and c not in "·•・-_."]
        if len(letters) < 2:
            continue  # one character would hide every occurrence of a common character
        # 张三, 张 三, 张  三, 张-三, 张·三, 张_三: whatever people put between the characters.
        patterns.append(re.compile(r"[\s·•\u30fb\-\u2010-\u2015_.*]{0,3}".join(re.escape(c) for c in letters), re.I))
    return patterns


_CN = "".join(chr(cp) for cp in _CHINESE_NUMERALS)
_NUMERAL_RUN = re.compile(f"[0-9{_CN}](?:{SEP}[0-9{_CN}])*")


def _fold_spelled_numbers(folded: str) -> str:
    """`folded` (digits already ASCII) with the Chinese numerals of a spelled-out number made digits, and
    only there: in a run of numerals (separators allowed between them) holding three Chinese numerals in a
    row (幺三八…, 壹叁玖…), or in a run of seven numerals or more with a Chinese numeral between two digits
    (138一2345678). A numeral at the end of a name stays a character: 我是王五，139…, 李四139…, 张三 (the
    name would otherwise read as one implausible number with the phone after it)."""
    out = list(folded)
    for m in _NUMERAL_RUN.finditer(folded):
        numerals = [c for c in m.group() if c.isdigit() or c in _CN]
        chinese = "".join("c" if c in _CN else "d" for c in numerals)
        if "ccc" in chinese or (len(numerals) >= 7 and re.search("dc+d", chinese)):
            for i in range(m.start(), m.end()):
                out[i] = chr(_CHINESE_NUMERALS.get(ord(folded[i]), ord(folded[i])))
    return "".join(out)


_WEAK = re.compile(f"[{_WEAK_SEP}]")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")
_LONE_DIGIT = re.compile(r"(?<!\d)\d(?!\d)")


def _plausible_groups(span: str) -> bool:
    """A number split by weak separators (/ _ , brackets) is a phone only in groups of two digits or
    more (139/1234/5678, not a list 1，3，5，7…) and not in thousands (13,800,000,000)."""
    if not _WEAK.search(span):
        return True
    span = span.replace("(0)", "")
    if _THOUSANDS.fullmatch(re.sub(r"[^0-9,]", "", span)):
        return False
    return not _LONE_DIGIT.search(span)


def find_personal_data(text: str, *, names: Iterable[str] = (), phones: Iterable[str] = ()) -> list[Finding]:
    """Every finding in `text`, in order, none overlapping (the earlier, more specific kind wins).
    Matching runs on the folded text (`_Fold`, same length), the spans are the original's."""
    folded = text.translate(_FOLD_BASE)
    if any(ord(c) in _CHINESE_NUMERALS for c in folded):
        folded = _fold_spelled_numbers(folded)
    found: list[Finding] = []  # kept sorted by start, never overlapping: a neighbour check suffices
    starts: list[int] = []

    def add(kind: str, start: int, end: int) -> None:
        i = bisect.bisect_left(starts, start)
        if end <= start or (i < len(found) and found[i].start < end) or (i and found[i - 1].end > start):
            return
        starts.insert(i, start)
        found.insert(i, Finding(kind, start, end))

    if _EMAIL_HINT.search(folded):
        for m in _EMAIL.finditer(folded):
            add("email", m.start(), m.end())
    if _DIGIT.search(folded):
        _find_numbers(folded, phones, add)
    for m in _IM_ID.finditer(folded):
        add("im_id", m.start(1), m.end(1))
    for pattern in _name_patterns(names):
        for m in pattern.finditer(folded):
            add("name", m.start(), m.end())
    return found


def _find_numbers(folded: str, phones: Iterable[str], add: Callable[[str, int, int], None]) -> None:
    """Everything made of digits, most specific first (a text without a digit skips all of it)."""

    def add_phone(kind: str, m: re.Match[str], group: int = 0) -> None:
        if _plausible_groups(m.group(group)):
            add(kind, m.start(group), m.end(group))

    for kind, pattern in _own_phone_patterns(phones):
        for m in pattern.finditer(folded):
            add_phone(kind, m)
    spaced = [(m, _number_kind(m.group())) for m in _SPACED_RUN.finditer(folded)]
    for m, number in spaced:  # a valid ID or card spelt digit by digit holds a mobile's shape: first
        if number in ("id_number", "bank_card"):
            add(number, m.start(), m.end())
    for m in _MOBILE.finditer(folded):  # before long numbers: 008613812345678 is a mobile
        add_phone("mobile", m)
    for m in _DIGIT_RUN.finditer(folded):
        number = _number_kind(m.group())
        if number:
            add(number, m.start(), m.end())
    for m, number in spaced:
        if number:
            add(number, m.start(), m.end())
    for m in _LANDLINE.finditer(folded):
        add_phone("landline", m)
    for m in _CERTIFICATE.finditer(folded):
        add("certificate", m.start(1), m.end(1))
    for m in _KEYWORD_NUMBER.finditer(folded):
        add_phone("phone", m, 1)
    for m in _LOCAL_NUMBER.finditer(folded):
        if not (len(digits := re.sub(r"\D", "", m.group(1))) == 8 and _date(digits) and digits[:2] in ("19", "20")):
            add_phone("landline", m, 1)
    for m in _PLATE.finditer(folded):
        if sum(c.isdigit() for c in m.group()) >= 3:  # 冀A12345, 冀AD12345, not 新ADMIN
            add("plate", m.start(), m.end())


PHONE_KINDS = ("mobile", "landline", "phone")


def phone_in(text: str) -> str:
    """The digits of the first phone number in `text` ("" when there is none), in any form the detector
    finds: a mobile without its country code (+86 139…, 0086-139…, 8613…), a landline with its area code."""
    for found in find_personal_data(text):
        if found.kind in PHONE_KINDS:
            digits = re.sub(r"\D", "", text[found.start : found.end].translate(_FOLD))
            mobile = re.search(r"1[3-9]\d{9}$", digits)
            if mobile and re.fullmatch(r"(?:0086|86)?", digits[: mobile.start()]):
                return mobile.group()
            return re.sub(r"^(?:0086|86)(?=[1-9])", "0", digits) if len(digits) > 11 else digits
    return ""


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
