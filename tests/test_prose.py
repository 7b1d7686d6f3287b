"""Figures cited in prose: computed, correctly rounded, and an unknown reference is an error at
its key and line. The reference syntax names figures only; nothing in it is evaluated."""

from __future__ import annotations

import json
from decimal import Decimal
from itertools import product

import pytest
from conftest import MINIMAL

import reportgen
from reportgen.figures import numbers
from reportgen.figures.prose import list_shares
from reportgen.runs.rendering import context

# Seed 004 printed 1 of 125 as 1.8% and 452 of 949 as 95.3%; seed 000 computed channel shares
# by hand. Here the clerk writes the sentence and reportgen the numbers.
CITING = """
[counts.channels]
website = 452
wechat = 300
weibo = 197

[counts.thirds]
a = 1
b = 1
c = 1

[requests.new]
natural_person = 8

[requests.granted]
natural_person = 1

[requests.unable_not_held]
natural_person = 7
"""


def overview(year_file, text: str, extra: str = CITING):
    base = MINIMAL.replace('active = "主动公开情况。"', f"active = {json.dumps(text)}")
    checked = reportgen.check(year_file(extra, base=base))
    return checked, checked.prose["overview.active"]


def test_figures_and_shares_are_filled_in(year_file):
    checked, lines = overview(
        year_file,
        "新收申请{requests.new.total}件，予以公开{requests.granted.total}件，"
        "占{shares.granted}（{requests.granted.total / requests.new.total:%2}）；"
        "网站发布{counts.channels.website}条，占{counts.channels.website:%}，"
        "共{counts.channels}条；{{原样}}。",
    )
    assert checked.findings == []
    assert lines == (
        "新收申请8件，予以公开1件，占12.5%（12.50%）；网站发布452条，占47.6%，共949条；{原样}。",
    )


def test_the_seed_004_shares_come_out_right(year_file):
    _, lines = overview(
        year_file,
        "{counts.channels.website/counts.channels}；{counts.one.a/counts.one}",
        CITING + "\n[counts.one]\na = 1\nb = 124\n",
    )
    assert lines == ("47.6%；0.8%",)


def test_half_up_rounding_at_the_boundaries():
    assert numbers.percent(Decimal("0.125"), 1) == "12.5%"
    assert numbers.percent(Decimal(1) / 8, 0) == "13%"
    assert numbers.percent(Decimal("0.0005"), 1) == "0.1%"
    assert numbers.percent(Decimal("0.00049"), 1) == "0.0%"
    assert numbers.percent(None) == "—"


def test_a_share_with_chosen_decimals(year_file):
    _, lines = overview(year_file, "{requests.granted.total/requests.new.total:%0}")
    assert lines == ("13%",)  # 1/8 = 12.5% → 13%, half up


def test_shares_of_a_list_add_up_to_100_percent(year_file):
    _, lines = overview(year_file, "{counts.thirds.a:%}+{counts.thirds.b:%}+{counts.thirds.c:%}")
    assert lines == ("33.4%+33.3%+33.3%",)  # each 33.3% on its own would add up to 99.9%


def test_list_shares_always_add_up_and_stay_within_one_digit():
    for counts in product(range(0, 8), repeat=3):
        if not sum(counts):
            continue
        items = dict(zip("abc", counts, strict=True))
        for decimals in (0, 1, 2):
            shares = list_shares(items, decimals)
            assert sum(shares.values()) == 1, (counts, decimals)
            unit = Decimal(1).scaleb(-(decimals + 2))
            for key, count in items.items():
                exact = Decimal(count) / sum(counts)
                assert abs(shares[key] - exact) < unit, (counts, decimals)


def test_list_shares_agree_with_half_up_when_that_adds_up():
    items = {"a": 452, "b": 300, "c": 197}  # 47.63 + 31.61 + 20.76 = 100.0 rounded each
    shares = list_shares(items, 1)
    assert [numbers.percent(share, 1) for share in shares.values()] == ["47.6%", "31.6%", "20.8%"]


def test_an_empty_list_has_no_share(year_file):
    _, lines = overview(year_file, "{counts.none.a:%}", CITING + "\n[counts.none]\na = 0\n")
    assert lines == ("—",)


def test_unknown_and_malformed_references_are_errors_at_their_line(year_file):
    checked, _ = overview(
        year_file,
        "{requests.totl.total}{requests.new.total:%}{a b}{agency.name}{requests.__class__}"
        "{''.__class__.__mro__}",
    )
    path = checked.year.source.path
    assert [finding.render("zh") for finding in checked.findings] == [
        f"{path}:9: overview.active: 正文中的引用 {{requests.totl.total}} 不是本报告的数字"
        "（是否想写 requests.total.total？）",
        f"{path}:9: overview.active: 引用 {{requests.new.total:%}} 中的 :% 只能用于 [counts] "
        "某组中的一项（得到它在本组中的占比）；其他比例请写成 {甲/乙}",
        f"{path}:9: overview.active: 无法识别的引用 {{a b}}："
        "应写作 {键}、{键:%} 或 {键/键:%}；如需原样输出花括号，请写 {{ 和 }}",
        f"{path}:9: overview.active: 正文中的引用 {{agency.name}} 不是本报告的数字",
        f"{path}:9: overview.active: 正文中的引用 {{requests.__class__}} 不是本报告的数字",
        f"{path}:9: overview.active: 无法识别的引用 {{''.__class__.__mro__}}：应写作 {{键}}、"
        "{键:%} 或 {键/键:%}；如需原样输出花括号，请写 {{ 和 }}",
    ]
    assert all(finding.is_error for finding in checked.findings)


def test_references_in_english(year_file):
    checked, _ = overview(year_file, "{zzz}")
    assert checked.findings[0].message("en") == (
        "the text cites {zzz}, which is not a figure of this report"
    )


def test_references_in_records_are_filled_in(year_file):
    base = MINIMAL.replace('measures = "措施一。"', 'measures = "办结{requests.new.total}件。"')
    checked = reportgen.check(year_file(CITING, base=base))
    assert checked.findings == []
    assert context(checked)["report"]["problems"][0]["measures"] == ("办结8件。",)


def test_a_bad_count_in_a_list_is_named(year_file):
    checked = reportgen.check(year_file('\n[counts.channels]\nwebsite = "三百"\n'))
    assert [finding.render("zh") for finding in checked.findings] == [
        f"{checked.year.source.path}:23: counts.channels.website: "
        '「自定义数字 channels.website」应为非负整数，实际为文字 "三百"'
        "（请直接写数字 300，不加引号和单位）"
    ]


@pytest.mark.parametrize("to", [["html"], ["docx"]])
def test_cited_figures_reach_the_outputs(year_file, tmp_path, to):
    base = MINIMAL.replace('active = "主动公开情况。"', 'active = "共{counts.channels}条。"')
    built = reportgen.build(year_file(CITING, base=base), tmp_path / "out", to=to)
    data = built.paths[0].read_bytes()
    if to == ["html"]:
        assert "共949条。".encode() in data
    else:
        from docx import Document

        document = Document(str(built.paths[0]))
        assert "共949条。" in [paragraph.text for paragraph in document.paragraphs]
