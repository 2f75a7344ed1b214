"""The deadline a speech gives a measure ("6月底前", "一季度", "年内", "春节前"), as a date (issue 12).

Rules (docs/decisions/0012-key-tasks.md, addendum on deadlines):
- The speech's year is the one it states (a year in its title or header lines, or "2027年是…" /
  "2027年全县工作…" in the text), else the year given by the user, else today's year. A year written in
  the clause itself ("2027年3月底前", "明年6月底前", "到2028年") wins for that clause.
- Months, quarters and halves belong to that year: "6月底前" and "6月" → the last day of June; "6月15日前"
  → 15 June; "11月上旬/中旬/下旬" → the 10th / 20th / last day; "6月前" → the end of May (before June);
  "一季度" and "前三季度" → the quarter's last day; "上半年"/"年中" → 30 June; "下半年", "年底", "年内",
  "全年", "今年", "本年度" → 31 December.
- Events that recur every year and are named without a month (春节前, 元旦前, 国庆前, 五一前, 清明前,
  汛期前 (1 June, the northern flood season), 主汛期前 (21 July, "七下八上"), 汛期结束前 (30 September),
  供暖季前 (15 November), 开学前 (1 September)) are their next occurrence from the speech's start: today
  when the speech is of this year, else 1 January of its year. "…前" is the day before the event.
- "3个月内", "30天内", "两周内" count from the same start.
- Several deadlines in one clause (a plan by June, the work by December): the latest is the measure's.
- Nothing found, or only a cycle (每月, 每季度) or a vague word (尽快, 逐步, 长期): the year's end,
  marked as a default for the supervisor to check.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

TEXT = "text"
DEFAULT = "default"
MIN_YEAR, MAX_YEAR = 2000, 2099  # a speech year a user may give (page field, --year)

# The first day of the lunar year (春节), from the Chinese calendar; outside the table "春节前" is unknown
# and the measure keeps the default.
SPRING_FESTIVAL = {
    2020: dt.date(2020, 1, 25),
    2021: dt.date(2021, 2, 12),
    2022: dt.date(2022, 2, 1),
    2023: dt.date(2023, 1, 22),
    2024: dt.date(2024, 2, 10),
    2025: dt.date(2025, 1, 29),
    2026: dt.date(2026, 2, 17),
    2027: dt.date(2027, 2, 6),
    2028: dt.date(2028, 1, 26),
    2029: dt.date(2029, 2, 13),
    2030: dt.date(2030, 2, 3),
    2031: dt.date(2031, 1, 23),
    2032: dt.date(2032, 2, 11),
    2033: dt.date(2033, 1, 31),
    2034: dt.date(2034, 2, 19),
    2035: dt.date(2035, 2, 8),
}
# Yearly events named without a date: (month, day) of the event; "…前" is the day before.
EVENTS: list[tuple[str, tuple[int, int]]] = [
    (r"元旦", (1, 1)),
    (r"清明节?", (4, 4)),
    (r"五一|劳动节", (5, 1)),
    (r"国庆节?", (10, 1)),
    (r"汛期结束|汛后", (10, 1)),
    (r"主汛期", (7, 21)),
    (r"汛期|入汛|汛(?=前)", (6, 1)),
    (r"供暖季|采暖季|供暖|供热季|取暖季", (11, 15)),
    (r"秋季开学|开学", (9, 1)),
]

_CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
NUMBER = r"\d{1,3}|[一二两三四五六七八九十]{1,3}"
MONTH = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
# A year prefix a month or a quarter may carry: 2027年, 今年, 明年, 次年.
YEAR_PREFIX = r"(?:(?P<year>20\d\d)\s*年(?:度)?|(?P<rel>今年|本年|明年|次年|来年))?"


def _number(value: str) -> int:
    if value.isdigit():
        return int(value)
    if value == "十":
        return 10
    if value.startswith("十"):
        return 10 + _CN[value[1]]
    if value.endswith("十"):
        return _CN[value[0]] * 10
    if "十" in value:
        tens, ones = value.split("十")
        return _CN[tens] * 10 + _CN[ones]
    return _CN.get(value, 0)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class Due:
    date: dt.date
    source: str  # TEXT: read from the clause; DEFAULT: the year's end, nothing (precise) in the clause
    phrase: str = ""  # the words it was read from


@dataclass(frozen=True)
class _Frame:
    year: int
    start: dt.date  # where "next occurrence" and "N个月内" count from

    def year_of(self, match: re.Match[str]) -> int:
        explicit = match.groupdict().get("year")
        relative = match.groupdict().get("rel")
        if explicit:
            return int(explicit)
        return self.year + 1 if relative in ("明年", "次年", "来年") else self.year


def _month_phrase(m: re.Match[str], frame: _Frame) -> dt.date | None:
    year, month = frame.year_of(m), _number(m.group("month"))
    if not 1 <= month <= 12:
        return None
    if m.group("day"):
        day = _number(m.group("day"))
        return dt.date(year, month, day) if 1 <= day <= calendar.monthrange(year, month)[1] else None
    part, before = m.group("part") or "", m.group("before") or ""
    if part in ("上旬", "初"):
        return dt.date(year, month, 10)
    if part == "中旬":
        return dt.date(year, month, 20)
    if not part and before:  # 6月前: before June
        return _month_end(year, month - 1) if month > 1 else dt.date(year - 1, 12, 31)
    return _month_end(year, month)


def _quarter(m: re.Match[str], frame: _Frame) -> dt.date | None:
    quarter = _number(m.group("q"))
    return _month_end(frame.year_of(m), quarter * 3) if 1 <= quarter <= 4 else None


def _half(m: re.Match[str], frame: _Frame) -> dt.date | None:
    year = frame.year_of(m)
    return dt.date(year, 6, 30) if m.group("half") in ("上半年", "年中") else dt.date(year, 12, 31)


def _year_end(m: re.Match[str], frame: _Frame) -> dt.date | None:
    return dt.date(frame.year_of(m), 12, 31)


def _within(m: re.Match[str], frame: _Frame) -> dt.date | None:
    count, unit = _number(m.group("n")), m.group("unit")
    if not 0 < count <= 366:
        return None
    if unit == "年":  # 两年内: to the end of the second year
        return dt.date(frame.start.year + count - 1, 12, 31)
    if unit == "个月":
        index = frame.start.month - 1 + count
        year, month = frame.start.year + index // 12, index % 12 + 1
        return dt.date(year, month, min(frame.start.day, calendar.monthrange(year, month)[1]))
    days = count * 7 if unit in ("周", "个星期", "星期") else count
    return frame.start + dt.timedelta(days=days)


def _spring_festival(m: re.Match[str], frame: _Frame) -> dt.date | None:
    after = sorted(day for day in SPRING_FESTIVAL.values() if day >= frame.start)
    if not after:
        return None
    return after[0] - dt.timedelta(days=1) if m.group("before") else after[0]


def _event(month_day: tuple[int, int]) -> Callable[[re.Match[str], _Frame], dt.date | None]:
    def resolve(m: re.Match[str], frame: _Frame) -> dt.date | None:
        month, day = month_day
        event = dt.date(frame.start.year, month, day)
        if event < frame.start:
            event = event.replace(year=event.year + 1)
        return event - dt.timedelta(days=1) if m.group("before") else event

    return resolve


BEFORE = r"(?P<before>前|之前|以前)"
RULES: list[tuple[re.Pattern[str], Callable[[re.Match[str], _Frame], dt.date | None]]] = [
    (
        re.compile(
            YEAR_PREFIX + rf"(?<![每个第\d上下本当次])(?P<month>{MONTH})(?P<fen>月份|月)"
            rf"(?:(?P<day>\d{{1,2}}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])[日号])?"
            r"(?P<part>底|末|上旬|中旬|下旬|初)?" + BEFORE + "?"
        ),
        _month_phrase,
    ),
    (re.compile(YEAR_PREFIX + r"(?<![每])(?:前|第)?(?P<q>[一二三四1-4])季度"), _quarter),
    (re.compile(YEAR_PREFIX + r"(?P<half>上半年|下半年|年中)"), _half),
    (
        # 2027年, 明年底, 今年内; not the year of a month, quarter or half named after it
        re.compile(
            r"(?:(?P<year>20\d\d)\s*年|(?P<rel>今年|本年|明年|次年|来年))"
            rf"(?!度?\s*(?:(?:{MONTH})月|(?:前|第)?[一二三四1-4]季度|上半年|下半年|年中))(?:底|末|内|度)?"
        ),
        _year_end,
    ),
    (re.compile(r"(?<![\d今本明次来])(?:年底|年末|年内)|全年|本年度|当年"), _year_end),
    (re.compile(rf"(?<![月\d])(?P<n>{NUMBER})\s*(?P<unit>个月|天|日|周|个星期|年)(?:之内|以内|内)"), _within),
    (re.compile(r"(?:春节|过年)" + BEFORE + "?"), _spring_festival),
    *((re.compile(f"(?:{words})" + BEFORE), _event(month_day)) for words, month_day in EVENTS),
]
# A year that is compared with, not aimed at (比2025年增长, 较上年).
_COMPARED = re.compile(r"(?:比|较|与|同|自|从)$")


STATED_YEAR = re.compile(
    r"(20\d\d)\s*年(?:是|，?(?:全县|全市|全区|我县|我们)?(?:的)?(?:工作|总体要求|主要目标|目标任务))"
)


def speech_year(text: str, default: int) -> int:
    """The year a speech states for itself: in its title or header lines, or "2027年是…"; else `default`."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines[:4]:
        if re.search(r"[。！？；，：,:]", line):  # the body has begun
            break
        found = re.search(r"(20\d\d)\s*年", line)
        if found:
            return int(found.group(1))
    stated = STATED_YEAR.search(text)
    return int(stated.group(1)) if stated else default


def due_in(clause: str, year: int, today: dt.date) -> Due:
    """The clause's deadline in `year` (see the module's rules), or that year's end as a default."""
    frame = _Frame(year, today if today.year == year else dt.date(year, 1, 1))
    best: tuple[dt.date, str] | None = None
    for pattern, resolve in RULES:
        for match in pattern.finditer(clause):
            if _COMPARED.search(clause[: match.start()]):
                continue
            try:
                found = resolve(match, frame)
            except (ValueError, OverflowError):
                found = None
            if found is not None and (best is None or found > best[0]):
                best = (found, match.group())
    if best is None:
        return Due(dt.date(year, 12, 31), DEFAULT)
    return Due(best[0], TEXT, best[1])
