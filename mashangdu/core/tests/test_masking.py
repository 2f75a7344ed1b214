from mashangdu.core.masking import mask_name, mask_phone, mask_phones_in_text


def test_mobile_numbers_are_masked_as_in_the_spec() -> None:
    assert mask_phone("13812345678") == "138****5678"


def test_landlines_keep_area_code_and_last_four_digits() -> None:
    assert mask_phone("0317-1234567") == "0317-***4567"


def test_names_keep_only_the_surname() -> None:
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧***"
    assert mask_name("") == ""


def test_numbers_inside_text_are_masked() -> None:
    assert mask_phones_in_text("请回电 13912345678 或 13800001111") == "请回电 139****5678 或 138****1111"
