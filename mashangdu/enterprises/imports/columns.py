"""The columns of the registry's sheet, in the export's order; the import finds them by their headers."""

from __future__ import annotations

# (header, key). Figures are those of the year in 年度 (the export: the latest year on record).
COLUMNS: list[tuple[str, str]] = [
    ("统一社会信用代码", "uscc"),
    ("企业名称", "name"),
    ("行业大类代码", "division"),
    ("规模", "scale"),
    ("规上企业", "above"),
    ("所在乡镇", "township"),
    ("地址", "address"),
    ("法定代表人", "legal"),
    ("成立日期", "registered_on"),
    ("标签", "tags"),
    ("联系人", "contact_name"),
    ("联系电话", "contact_phone"),
    ("联系人职务", "contact_position"),
    ("年度", "year"),
    ("营业收入（万元）", "revenue"),
    ("税收（万元）", "tax"),
    ("从业人员（人）", "employees"),
    ("研发经费（万元）", "rd_spending"),
    ("资产总额（万元）", "total_assets"),
    ("用地面积（亩）", "land_area"),
    ("综合能耗（吨标准煤）", "energy_use"),
]
HEADERS = dict(COLUMNS)
LABELS = {key: header for header, key in COLUMNS}
REQUIRED = ("uscc", "name")
DECIMAL_FIGURES = ("revenue", "tax", "rd_spending", "total_assets", "land_area", "energy_use")
FIGURES = (*DECIMAL_FIGURES, "employees")
TAG_SEPARATORS = "、,，;；"
YES, NO = ("是", "Y", "1", "TRUE"), ("否", "N", "0", "FALSE")
