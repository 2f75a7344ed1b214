"""The personal-data detector on real-looking text: what it must hide and what it must leave alone.

ID numbers here were checked by hand against GB 11643's weights (11010519491231002X is the standard's own
example); card numbers pass the Luhn check, 6222021234567890127 (last digit changed) does not."""

from __future__ import annotations

import pytest

from mashangdu.core.redaction import find_personal_data, id_number_valid, luhn_valid, redact

HIDDEN = [
    # mobiles, any separators, with a country code, full-width, spaced out, invisible spaces
    ("请联系13812345678尽快处理", "请联系〔手机号〕尽快处理"),
    ("电话138-1234-5678，谢谢", "电话〔手机号〕，谢谢"),
    ("手机 138 1234 5678 张先生", "手机 〔手机号〕 张先生"),
    ("联系：+86 138 1234 5678", "联系：〔手机号〕"),
    ("联系：+86-13812345678。", "联系：〔手机号〕。"),
    ("(+86)13812345678", "〔手机号〕"),
    ("008613812345678", "〔手机号〕"),
    ("号码１３８１２３４５６７８可打", "号码〔手机号〕可打"),
    ("号码１３８－１２３４－５６７８", "号码〔手机号〕"),
    ("1 3 8 1 2 3 4 5 6 7 8", "〔手机号〕"),
    ("138.1234.5678", "〔手机号〕"),
    ("138\u200b1234\u200b5678", "〔手机号〕"),
    ("Tel:19912345678", "Tel:〔手机号〕"),
    # landlines, brackets, spaces, extensions, full-width brackets
    ("座机0317-1234567", "座机〔电话〕"),
    ("(0317)1234567", "〔电话〕"),
    ("（0317）1234567转802", "〔电话〕"),
    ("0317 12345678，上班时间", "〔电话〕，上班时间"),
    ("010-87654321-123", "〔电话〕"),
    ("+86 317 1234567", "〔电话〕"),
    ("请打03171234567", "请打〔电话〕"),
    ("电话 5123456（无区号）", "电话 〔电话〕（无区号）"),
    # ID numbers (GB 11643), with spaces and a lower-case x; wrong check or date still hidden
    ("身份证号130102199003071233", "身份证号〔身份证号〕"),
    ("身份证 11010519491231002x。", "身份证 〔身份证号〕。"),
    ("130102 19900307 1233", "〔身份证号〕"),
    ("老身份证130102900307123", "老身份证〔身份证号〕"),
    ("号码130102199003071234有误", "号码〔号码〕有误"),  # wrong check digit
    ("44030420010229301X", "〔号码〕"),  # right check digit, 29 February 2001 never was
    # bank cards (Luhn), spaced in fours; a failing one is still a long number
    ("工资卡6222021234567890128未到账", "工资卡〔银行卡号〕未到账"),
    ("卡号 6222 0212 3456 7890 128", "卡号 〔银行卡号〕"),
    ("卡号6217001234567893", "卡号〔银行卡号〕"),
    ("卡号6222021234567890127", "卡号〔号码〕"),
    # e-mail, half- and full-width
    ("发邮件到 zhang.san@example.com 即可", "发邮件到 〔邮箱〕 即可"),
    ("邮箱：13812345678@163.com", "邮箱：〔邮箱〕"),
    ("li_si＠qq．com", "〔邮箱〕"),
    # plates: ordinary, with a middle dot or a space, new-energy small and large
    ("冀A12345的渣土车撒漏", "〔车牌号〕的渣土车撒漏"),
    ("车牌冀A·12345", "车牌〔车牌号〕"),
    ("冀J 8B123停在路口", "〔车牌号〕停在路口"),
    ("新能源车冀AD12345占道", "新能源车〔车牌号〕占道"),
    ("冀A12345D货车", "〔车牌号〕货车"),
    ("冀ad12345", "〔车牌号〕"),
    # spelt out in Chinese numerals, as read aloud
    ("手机一三八一二三四五六七八", "手机〔手机号〕"),
    ("幺三八 幺二三四 五六七八", "〔手机号〕"),
    # messaging ids after their keyword
    ("加微信 zhangsan_88 联系", "加微信 〔社交账号〕 联系"),
    ("QQ:123456789", "QQ:〔社交账号〕"),
    # --- the attack after the first version (issue 12): each of these passed through unchanged ---
    ("电话139/1234/5678", "电话〔手机号〕"),
    ("手机139_1234_5678", "手机〔手机号〕"),
    ("号码139，1234，5678，晚上打", "号码〔手机号〕，晚上打"),
    ("139（1234）5678", "〔手机号〕"),
    ("139\n1234\n5678", "〔手机号〕"),
    ("139\r\n1234\r\n5678 王", "〔手机号〕 王"),
    ("1\n3\n9\n1\n2\n3\n4\n5\n6\n7\n8", "〔手机号〕"),
    ("壹叁玖壹贰叁肆伍陆柒捌", "〔手机号〕"),
    ("幺叁玖 幺贰叁肆 伍陆柒捌", "〔手机号〕"),
    ("𝟏𝟑𝟗𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖", "〔手机号〕"),
    ("١٣٩١٢٣٤٥٦٧٨", "〔手机号〕"),
    ("①③⑨①②③④⑤⑥⑦⑧", "〔手机号〕"),
    ("+86 (0) 311 8123 4567", "〔电话〕"),
    ("0311/8123/4567", "〔电话〕"),
    ("打8123-4567找我", "打〔电话〕找我"),
    # --- a numeral ending a name is no digit of the phone after it (issue 13) ---
    ("我是王五，13911112222", "我是王五，〔手机号〕"),
    ("李四13911112222", "李四〔手机号〕"),
    ("张三 139 1111 2222", "张三 〔手机号〕"),
    ("赵六七，139-1111-2222", "赵六七，〔手机号〕"),
    ("王五电话13911112222", "王五电话〔手机号〕"),
    ("138一2345678 夜里打", "〔手机号〕 夜里打"),  # a numeral between digits: one spelled number
    ("幺三九11112222", "〔手机号〕"),
    ("有事找我81234567", "有事找我〔电话〕"),
    ("联系 8123 4567", "联系 〔电话〕"),
    ("联系人李女士，致电812-3456", "联系人李女士，致电〔电话〕"),
    ("请拨打 81234567 咨询", "请拨打 〔电话〕 咨询"),
    ("身份证130102.19900307.1233", "身份证〔身份证号〕"),
    ("身份证130102/19900307/1233", "身份证〔身份证号〕"),
    ("1 3 0 1 0 2 1 9 9 0 0 3 0 7 1 2 3 3", "〔身份证号〕"),
    ("卡号6222/0212/3456/7890/128", "卡号〔银行卡号〕"),
    ("卡号6222.0212.3456.7890.128", "卡号〔银行卡号〕"),
    ("卡号6222_0212_3456_7890_128", "卡号〔银行卡号〕"),
    ("邮箱zhangsan@163。com", "邮箱〔邮箱〕"),
    ("zhangsan at 163 dot com", "〔邮箱〕"),
    ("zhangsan(at)qq.com", "〔邮箱〕"),
    ("li_si[at]qq[dot]com 收", "〔邮箱〕 收"),
    ("ｌｉｓｉ＠１２６。ｃｏｍ", "〔邮箱〕"),
    ("冀 A12345", "〔车牌号〕"),
    ("冀A  12345闯红灯", "〔车牌号〕闯红灯"),
    ("冀AD·12345", "〔车牌号〕"),
    ("冀A 1234 5", "〔车牌号〕"),
    ("冀 a 1234 5 的货车", "〔车牌号〕 的货车"),
    ("冀 AF 12345", "〔车牌号〕"),
    ("冀A 12345 F", "〔车牌号〕"),
    ("护照E12345678", "护照〔证件号〕"),
    ("港澳通行证C12345678", "港澳通行证〔证件号〕"),
    ("护照号码：EA1234567", "护照号码：〔证件号〕"),
    ("社保卡号123456789012", "社保卡号〔证件号〕"),
]

KEPT = [
    "2026-11-29 14:30 发现路面塌陷",
    "2026年11月29日至12月5日",
    "20261129",
    "2026/11/29",
    "受理编号 MSD202611290008，请查询",
    "顺丰单号SF1234567890123456已签收",
    "拖欠工程款1,380,000元",
    "拖欠工程款13800000000元",
    "投资 150000000000000 元",
    "厂房面积1200平方米，约3.5亩",
    "占地 13812345678 平方米",
    "拨打服务热线 0317-12345 或 12345",
    "12345热线",
    "门牌号 18 号，3 单元 502 室",
    "PM2.5 浓度 75 微克，AQI 160",
    "统一社会信用代码 91130991MA0000001X",
    "晋A升B 环保绩效",
    "京津冀协同发展，冀A类企业",
    "温度 13.8 摄氏度，湿度 45%",
    "0.13812345678",
    "1200.5元",
    "第 1 3 期",
    "新ADMIN账号",
    "二〇二六年十一月二十九日，三五个工人",
    "一二三四五六七八九十，数到十",
    # thousands, lists, dates after 打, amounts after a phone word, enterprise credit codes (decision 0014)
    "拖欠工程款13,800,000,000元",
    "合同额 13,800,000,000",
    "第1，3，5，7，9，11，13，15期",
    "打卡20261129",
    "打卡 2026/11/29 上午",
    "电话费81234567元",
    "拨打12345热线",
    "2026年11月30日下午3点，1,234,567元",
    "统一社会信用代码：91130991MA0000001X（企业）",
    "营业执照91130991MA0000001X",
    "MSD202611300001号诉求",
    "共 3 人，每人 1,200 元",
    "大约 13 时 30 分",
    "京津冀 A 类企业",
    "at 10 dot on the map",
    "PM2.5 为 35，CO₂ 为 400",
]


# The requester's own name and phone, given by the caller, in whatever form the text writes them.
OWN: list[tuple[str, list[str], list[str], str]] = [
    ("我是张三，电话见表", ["张三"], [], "我是〔姓名〕，电话见表"),
    ("张 三反映", ["张 三"], [], "〔姓名〕反映"),  # Open311's "last first"
    ("欧阳·娜娜来电", ["欧阳娜娜"], [], "〔姓名〕来电"),
    ("王先生反映", ["王"], [], "王先生反映"),  # one character is too common to hide
    ("John Smith called", ["john smith"], [], "〔姓名〕 called"),
    ("打 1234567 找我", [], ["0317-1234567"], "打 〔电话〕 找我"),  # the local number alone
    ("打0317—1234567找我", [], ["03171234567"], "打〔电话〕找我"),
    ("尾号 5678", [], ["13812345678"], "尾号 5678"),
    ("张  三反映", ["张三"], [], "〔姓名〕反映"),
    ("我叫张-三", ["张三"], [], "我叫〔姓名〕"),
    ("署名：张_三", ["张三"], [], "署名：〔姓名〕"),
    ("打139/8765/4321", [], ["13987654321"], "打〔手机号〕"),
    ("+86-139-8765-4321", [], ["13987654321"], "〔手机号〕"),
    ("0086 139 8765 4321", [], ["13987654321"], "〔手机号〕"),
    ("壹叁玖捌柒陆伍肆叁贰壹", [], ["13987654321"], "〔手机号〕"),
    ("139\n8765\n4321", [], ["13987654321"], "〔手机号〕"),
    ("座机8123_4567", [], ["0311-81234567"], "座机〔电话〕"),
    ("回电 𝟏𝟑𝟗𝟖𝟕𝟔𝟓𝟒𝟑𝟐𝟏", [], ["+86 139 8765 4321"], "回电 〔手机号〕"),
    ("我是王五，13911112222", ["王五"], ["13911112222"], "我是〔姓名〕，〔手机号〕"),
    ("李四13911112222", ["李四"], ["13911112222"], "〔姓名〕〔手机号〕"),
    ("王五 13911112222", ["王五"], ["13911112222"], "〔姓名〕 〔手机号〕"),
]


@pytest.mark.parametrize(("text", "expected"), HIDDEN)
def test_personal_data_is_hidden(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize("text", KEPT)
def test_dates_amounts_codes_and_areas_stay(text: str) -> None:
    assert find_personal_data(text) == []
    assert redact(text) == text


def test_the_table_is_large_enough() -> None:
    assert len(HIDDEN) + len(KEPT) + len(OWN) >= 100 and len(HIDDEN) >= 60 and len(KEPT) >= 30


@pytest.mark.parametrize(("text", "names", "phones", "expected"), OWN)
def test_the_requesters_own_name_and_phone(text: str, names: list[str], phones: list[str], expected: str) -> None:
    assert redact(text, names=names, phones=phones) == expected


def test_gb_11643_and_luhn() -> None:
    assert id_number_valid("11010519491231002X") and id_number_valid("11010519491231002x")
    assert not id_number_valid("110105194912310021")  # wrong check character
    assert not id_number_valid("110105194913310024")  # month 13
    assert id_number_valid("130102900307123") and not id_number_valid("130102901307123")
    assert luhn_valid("6222021234567890128") and not luhn_valid("6222021234567890127")
