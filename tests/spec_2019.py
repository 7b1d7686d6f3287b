"""The 2019 format's tables as ../shared/spec/formats.md §2.2, §2.3, §2.4 draw them, typed here
independently of templates/2019/format.toml so that tests catch a wrong label; and the numbers
of seed 003 (汉中市民政局2020年政府信息公开年度报告) as the seed prints them.

Each table is a list of rows; each row a list of (text, rowspan, colspan) for the cells that
start in that row; None stands for a value cell."""

from __future__ import annotations

import spec_2021

_ITEMS = [("信息内容", 1, 1), ("上一年项目数量", 1, 1), ("本年增/减", 1, 1), ("处理决定数量", 1, 1)]

ACTIVE = [
    [("第二十条第（一）项", 1, 4)],
    [
        ("信息内容", 1, 1),
        ("本年新制作数量", 1, 1),
        ("本年新公开数量", 1, 1),
        ("对外公开总数量", 1, 1),
    ],
    [("规章", 1, 1), None, None, None],
    [("规范性文件", 1, 1), None, None, None],
    [("第二十条第（五）项", 1, 4)],
    _ITEMS,
    [("行政许可", 1, 1), None, None, None],
    [("其他对外管理服务事项", 1, 1), None, None, None],
    [("第二十条第（六）项", 1, 4)],
    _ITEMS,
    [("行政处罚", 1, 1), None, None, None],
    [("行政强制", 1, 1), None, None, None],
    [("第二十条第（八）项", 1, 4)],
    [("信息内容", 1, 1), ("上一年项目数量", 1, 1), ("本年增/减", 1, 2)],
    [("行政事业性收费", 1, 1), None, None],
    [("第二十条第（九）项", 1, 4)],
    [("信息内容", 1, 1), ("采购项目数量", 1, 1), ("采购总金额", 1, 2)],
    [("政府集中采购", 1, 1), None, None],
]
# The value cells of 行政事业性收费 (本年增/减) and 政府集中采购 (采购总金额) sit under a header
# spanning two columns: (row, index of the value cell among the row's cells) → columns spanned.
ACTIVE_VALUE_SPANS = {(14, 2): 2, (17, 2): 2}

# Table 三 is the 2021 table (spec §3.2) but for its single （六）其他处理 row, so that
# 三、本年度办理结果 spans 20 rows, not 22.
REQUESTS_HEADER = spec_2021.REQUESTS_HEADER
REQUESTS_LABELS = [
    *spec_2021.REQUESTS_LABELS[:2],
    [("三、本年度办理结果", 20, 1), ("（一）予以公开", 1, 2)],
    *spec_2021.REQUESTS_LABELS[3:20],
    [("（六）其他处理", 1, 2)],
    *spec_2021.REQUESTS_LABELS[23:],
]
TOTAL_ROW = 21  # （七）总计, counted from the first body row

APPEALS_HEADER = spec_2021.APPEALS_HEADER  # the same table in both formats (spec §2.4)

SECTIONS = spec_2021.SECTIONS  # the same six headings in both formats (spec §2.1, §3)

# Seed 003, as printed. Table 二: row → the value cells' text. The 本年增/减 of 行政许可 is words
# in the seed ("2020年1-4月行政许可13件(…)"); the sample gives it as a footnote.
SEED_ACTIVE = {
    2: ["2", "2", "20"],
    3: ["0", "0", "0"],
    6: ["73", "见注1", "13"],
    7: ["5", "3", "0"],
    10: ["0", "15", "15"],
    11: ["0", "0", "0"],
    14: ["0", "0"],
    17: ["0", "0"],
}
SEED_FOOTNOTE = "注1：2020年1-4月行政许可13件（2020年4月后，行政许可事项全部移交市行政审批局）"

# Table 三: body row → [自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计];
# rows not listed are all 0. The seed's （七）总计 (8, 8) is not the sum of its rows (4, 4).
SEED_REQUESTS = {
    0: [4, 0, 0, 0, 0, 0, 4],  # 一、本年新收
    2: [4, 0, 0, 0, 0, 0, 4],  # （一）予以公开
    TOTAL_ROW: [8, 0, 0, 0, 0, 0, 8],  # （七）总计, as the seed prints it
}
SEED_APPEALS = [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]

SEED_INTRO = (
    "根据《中华人民共和国政府信息公开条例（2019年版）》（中华人民共和国国务院令第711号）规定，"
    "现将汉中市民政局2020年度政府信息公开工作报告如下："
)
