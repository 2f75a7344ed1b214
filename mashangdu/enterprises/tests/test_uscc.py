"""GB 32100—2015 check character, tested against published codes of real enterprises."""

import pytest
from django.core.exceptions import ValidationError

from mashangdu.enterprises.uscc import WEIGHTS, org_code_check_char, uscc_normalise

# Codes printed on real business licences (public registration records).
REAL_CODES = ["914403001922038216", "91110000802100433B", "911100007109311097", "91350100M000100Y43"]


def test_weights_are_those_of_the_standard() -> None:
    assert WEIGHTS == [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_are_accepted(code: str) -> None:
    assert uscc_normalise(code) == code


@pytest.mark.parametrize("code", REAL_CODES[:3])
def test_the_embedded_organisation_code_checks_too(code: str) -> None:
    assert org_code_check_char(code[8:16]) == code[16]


def test_lower_case_is_normalised() -> None:
    assert uscc_normalise(" 91110000802100433b ") == "91110000802100433B"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("9111000080210043", "应为 18 位，当前为 16 位"),
        ("91110000802100433O", "第 18 位“O”不是允许的字符"),
        ("9111000080210043IB", "第 17 位“I”不是允许的字符"),
        ("91110000802100433C", "第 18 位应为“B”，实为“C”"),
        ("914403001922038217", "校验位错误"),
    ],
)
def test_bad_codes_are_rejected_saying_what_is_wrong(code: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        uscc_normalise(code)


@pytest.mark.parametrize(
    ("code", "kind", "message"),
    [
        ("", "length", "当前为 0 位"),
        ("9111000080210043300", "length", "当前为 19 位"),
        ("91110000802100I33B", "symbol", "第 15 位“I”"),
        ("O1110000802100433B", "symbol", "第 1 位“O”"),
        ("911100008021Z0433B", "symbol", "第 13 位“Z”"),
        ("9111000080S100433B", "symbol", "第 11 位“S”"),
        ("91110V00802100433B", "symbol", "第 6 位“V”"),
        ("9111000080210043-B", "symbol", "第 17 位“-”"),
        ("91110000802100433A", "check", "第 18 位应为“B”，实为“A”"),
        ("92110000802100433B", "check", "校验位错误"),  # one changed digit is always caught
    ],
)
def test_each_kind_of_error_has_its_code_and_message(code: str, kind: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as caught:
        uscc_normalise(code)
    assert caught.value.code == kind


def test_every_single_character_substitution_is_caught() -> None:
    """The check character catches every one-character error (weights are powers of 3 mod 31, all non-zero)."""
    from mashangdu.enterprises.uscc import ALPHABET

    code = REAL_CODES[1]
    for position in range(17):
        for ch in ALPHABET:
            if ch != code[position]:
                wrong = code[:position] + ch + code[position + 1 :]
                with pytest.raises(ValidationError):
                    uscc_normalise(wrong)
