"""Unified social credit code (统一社会信用代码), GB 32100—2015 (docs/standards.md §Unified social credit code)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {ch: i for i, ch in enumerate(ALPHABET)}
WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28


def uscc_check_char(body: str) -> str:
    """The 18th character for the first 17."""
    remainder = sum(VALUES[ch] * w for ch, w in zip(body, WEIGHTS, strict=True)) % 31
    return ALPHABET[(31 - remainder) % 31]


def uscc_normalise(raw: str) -> str:
    """Upper-cased and stripped code, or ValidationError saying exactly what is wrong."""
    code = raw.strip().upper()
    if len(code) != 18:
        raise ValidationError(f"统一社会信用代码应为 18 位，当前为 {len(code)} 位。", code="length")
    for position, ch in enumerate(code, start=1):
        if ch not in VALUES:
            raise ValidationError(
                f"统一社会信用代码第 {position} 位“{ch}”不是允许的字符（不使用 I、O、S、V、Z）。",
                code="symbol",
            )
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError(
            f"统一社会信用代码校验位错误：第 18 位应为“{expected}”，实为“{code[17]}”，请核对是否录错。",
            code="check",
        )
    return code


def validate_uscc(value: str) -> None:
    uscc_normalise(value)


# The organisation code inside positions 9–17 has its own check character (GB 11714—1997).
_ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def org_code_check_char(body: str) -> str:
    total = sum(int(ch, 36) * w for ch, w in zip(body, _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))
