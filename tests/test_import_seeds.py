"""Real published reports imported from the text a clerk copies from the agency's page: seed
003 (汉中市民政局 2020, 2019 format) and seed 002 (临沂市民政局 2017, twelve-part with its
统计表). The expected figures are typed here from the published text, not from the importer."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from reportgen.cli.commands import app
from reportgen.formats import description as formats

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

DATA = Path(__file__).parent / "data"
SEED_003 = DATA / "seed-003-hanzhong-2020.txt"
SEED_002 = DATA / "seed-002-linyi-2017.txt"
runner = CliRunner()

REQUEST_COLUMNS = (
    "natural_person", "commercial", "research", "public_interest", "legal_services", "other",
    "total",
)  # fmt: skip


def imported(tmp_path: Path, seed: Path) -> tuple[dict, str]:
    target = tmp_path / "imported.toml"
    result = runner.invoke(app, ["import", str(seed), "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{target}\n"
    return tomllib.loads(target.read_text(encoding="utf-8")), result.stderr


def test_seed_003_every_figure_in_place(tmp_path: Path):
    data, stderr = imported(tmp_path, SEED_003)
    assert data["format"] == "2019"
    assert data["year"] == 2020
    agency = data["agency"]
    assert agency["name"] == "汉中市民政局"
    assert agency["issued"] == date(2021, 1, 20)
    assert agency["address"] == "汉中市汉台区民主街43号市政府1号楼"
    assert agency["postcode"] == "723000"
    assert agency["phone"] == "0916-2626560"

    active = data["active"]
    assert active["regulations"] == {"produced": 2, "published": 2, "total_published": 20}
    assert active["normative_documents"] == {"produced": 0, "published": 0, "total_published": 0}
    assert active["licensing"]["previous_items"] == 73
    assert active["licensing"]["change"] == {
        "note": "2020年1-4月行政许可13件(2020年4月后,行政许可事项全部移交市行政审批局)"
    }
    assert active["licensing"]["decisions"] == 13
    assert active["other_services"] == {"previous_items": 5, "change": 3, "decisions": 0}
    assert active["penalties"] == {"previous_items": 0, "change": 15, "decisions": 15}
    assert active["coercion"] == {"previous_items": 0, "change": 0, "decisions": 0}
    assert active["fees"] == {"previous_items": 0, "change": 0}
    assert active["procurement"] == {"projects": 0, "amount": 0}

    # Table 三 as printed: 4 new requests from natural persons, all granted, and the
    # published (七)总计 of 8 (the rows above it sum to 4), typed as printed.
    printed = {
        "new": (4, 0, 0, 0, 0, 0, 4),
        "granted": (4, 0, 0, 0, 0, 0, 4),
        "total": (8, 0, 0, 0, 0, 0, 8),
    }
    rows = [row.key for row in formats.find("2019").tables["requests"].rows if row.key]
    assert len(rows) == 23  # 一、二、（一）–（七） with their 16 sub-rows, 四
    for row in rows:
        expected = printed.get(row, (0,) * 7)
        assert data["requests"][row] == dict(zip(REQUEST_COLUMNS, expected, strict=True)), row

    appeals = data["appeals"]
    assert appeals["review"] == {"upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1}
    for kind in ("direct_suit", "suit_after_review"):
        assert appeals[kind] == {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0}

    assert data["intro"].strip() == (
        "根据《中华人民共和国政府信息公开条例(2019年版)》(中华人民共和国国务院令第711号)规定,"
        "现将汉中市民政局2020年度政府信息公开工作报告如下:"
    )
    overview = data["overview"].strip().splitlines()
    assert len(overview) == 11
    assert overview[0].startswith("2020年,在市委、市政府的正确领导和市智慧城市局的指导下")
    assert overview[-1].endswith("回复率和办结率达到了100%。")
    problems = data["problems"].strip().splitlines()
    assert len(problems) == 6
    assert problems[1].startswith("一是切实加强党的政治建设。")
    assert data["other"].strip() == "无其他需要报告的事项。"
    assert stderr.splitlines()[0] == (
        "导入：正文 4 处，表格数字 198 个，未能确定 0 个，未找到的表格行 0 行"
    )


def test_seed_003_published_error_found_by_check(tmp_path: Path):
    _, stderr = imported(tmp_path, SEED_003)
    target = tmp_path / "imported.toml"
    result = runner.invoke(app, ["check", str(target)])
    assert result.exit_code == 1
    assert "「三、本年度办理结果 （七）总计 / 自然人」填写为 8，按各项相加应为 4" in result.stderr
    assert "「三、本年度办理结果 （七）总计 / 自然人」填写为 8，按各项相加应为 4" in stderr


def test_audit_of_seed_003_reports_the_total_and_nothing_false(tmp_path: Path):
    result = runner.invoke(app, ["audit", str(SEED_003), "--summary", str(tmp_path / "s.json")])
    assert result.exit_code == 1
    table = "三、收到和处理政府信息公开申请情况"
    lines = [line for line in result.stderr.splitlines() if line.startswith(str(SEED_003) + ":")]
    # The wrong typed totals alone: the rule 一+二 = 三+四 that reads them is judged on the
    # computed totals, so the correct 一、本年新收 cells are not blamed as well.
    assert lines == [
        f"{SEED_003}: {table}“(七)总计”行“自然人”列：报告印 8，各项相加为 4"
        "（“自然人”列的（七）总计应等于（一）至（六）各项之和）",
        f"{SEED_003}: {table}“(七)总计”行“总计”列：报告印 8，各项相加为 4"
        "（“总计”列的（七）总计应等于（一）至（六）各项之和）",
    ]
    assert (tmp_path / "s.json").is_file()


# Seed 002's 统计表, typed from the published text: label as printed → 统计数.
STATISTICS_002 = {
    "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）": 393,
    "其中：主动公开规范性文件数": 3,
    "制发规范性文件总数": 3,
    "1.政府公报公开政府信息数": 0,
    "2.政府网站公开政府信息数": 393,
    "3.政务微博公开政府信息数": 48,
    "4.政务微信公开政府信息数": 194,
    "5.其他方式公开政府信息数": 500,
    "（一）回应公众关注热点或重大舆情数": 13,
    "其中：主要负责同志参加新闻发布会次数": 9,
    "2.政府网站在线访谈次数": 1,
    "其中：主要负责同志参加政府网站在线访谈次数": 1,
    "3.政策解读稿件发布数": 10,
    "4.微博微信回应事件数": 5,
    "5.其他方式回应事件数": 0,
    "（一）收到申请数": 4,
    "1.当面申请数": 0,
    "2.传真申请数": 0,
    "3.网络申请数": 2,
    "4.信函申请数": 2,
    "（二）申请办结数": 4,
    "1.按时办结数": 4,
    "2.延期办结数": 0,
    "（三）申请答复数": 4,
    "1.属于已主动公开范围数": 0,
    "2.同意公开答复数": 0,
    "3.同意部分公开答复数": 0,
    "4.不同意公开答复数": 4,
    "5.不属于本行政机关公开数": 0,
    "6.申请信息不存在数": 0,
    "7.告知作出更改补充数": 0,
    "8.告知通过其他途径办理数": 0,
    "七、向图书馆、档案馆等查阅场所报送信息数": 0,
    "（一）纸质文件数": 0,
    "（二）电子文件数": 0,
    "（一）政府信息公开工作专门机构数": 1,
    "（二）设置政府信息公开查阅点数": 2,
    "（三）从事政府信息公开工作人员数": 38,
    "1.专职人员数（不包括政府网站工作人员数）": 0,
    "2.兼职人员数": 38,
    "（四）政府信息公开专项经费（不包括用于政府网站建设维护等方面的经费）": 2,
    "（一）召开政府信息公开工作会议或专题会议数": 2,
    "（二）举办各类培训班数": 2,
    "（三）接受培训人员数": 63,
}


def test_seed_002_statistics_table_in_place(tmp_path: Path):
    data, stderr = imported(tmp_path, SEED_002)
    assert data["format"] == "twelve-part"
    assert data["year"] == 2017
    assert data["agency"]["name"] == "临沂市民政局"
    assert data["agency"]["issued"] == date(2018, 1, 21)
    assert data["agency"]["signatory"] == "临沂市民政局政务公开工作领导小组办公室"
    fmt = formats.find("twelve-part")
    by_label: dict[str, list[str]] = {}
    for key, spec in fmt.values.items():
        by_label.setdefault(spec.row_label, []).append(key)
    statistics = data["statistics"]

    def value(key: str) -> object:
        group, name = key.split(".")[1:]
        return statistics[group][name]

    for label, expected in STATISTICS_002.items():
        keys = by_label[label]
        assert len(keys) == 1, label
        assert value(keys[0]) == expected, label
    # Rows printed alike in three groups (行政复议, 行政诉讼, 举报投诉): all 0 in the report.
    for label in ("（二）被依法纠错数", "（三）其他情形数"):
        assert [value(key) for key in by_label[label]] == [0] * len(by_label[label])
    # The remark printed after a label is kept as the cell's note.
    press = by_label["1.参加或举办新闻发布会总次数"][0]
    assert value(press) == {"value": 10, "note": "依托行风热线发布民政最新工作动态"}
    assert "表格数字 64 个，未能确定 0 个，未找到的表格行 0 行" in stderr.splitlines()[0]
    sections = [spec.key for spec in fmt.fields.values() if spec.section]
    assert [key for key in sections if key not in data] == []
    assert data["overview"].strip().startswith("2017年,临沂市民政局认真贯彻落实")


def test_wording_variants_and_typos_still_place_every_figure(tmp_path: Path):
    """Labels as other reports print them: spaces inside, a variant character, a word more;
    headings with 方面 and a colon."""
    text = SEED_003.read_text(encoding="utf-8")
    for printed, variant in (
        ("(七)总计", "(七) 总 计"),
        ("2.其他法律行政法规禁止公开", "2.其它法律行政法规禁止公开"),
        ("四、结转下年度继续办理", "四、结转下年度继续办理数量"),
        ("二、主动公开政府信息情况:", "二、主动公开政府信息情况方面："),
    ):
        assert printed in text
        text = text.replace(printed, variant)
    varied = tmp_path / "varied.txt"
    varied.write_text(text, encoding="utf-8")
    original, _ = imported(tmp_path, SEED_003)
    (tmp_path / "imported.toml").unlink()
    again, stderr = imported(tmp_path, varied)
    for table in ("active", "requests", "appeals"):
        assert again[table] == original[table], table
    assert "未能确定 0 个，未找到的表格行 0 行" in stderr.splitlines()[0]


def test_2021_sub_headings_worded_otherwise():
    from reportgen.importers.sections import place_fields

    fields = [spec for spec in formats.find("2021").fields.values() if spec.section == "overview"]
    paragraphs = [
        "（一）主动公开情况", "主动公开一段。", "（二）依申请公开", "依申请一段。",
        "（三）政府信息资源管理", "管理一段。", "（四）平台建设", "平台一段。",
        "（五）监督保障工作：", "监督一段。", "监督二段。",
    ]  # fmt: skip
    assert place_fields(fields, paragraphs) == {
        "overview.active": ["主动公开一段。"],
        "overview.on_request": ["依申请一段。"],
        "overview.management": ["管理一段。"],
        "overview.platforms": ["平台一段。"],
        "overview.oversight": ["监督一段。", "监督二段。"],
    }


def test_a_row_that_matches_no_row_is_left_out_listed_and_marked(tmp_path: Path):
    varied = tmp_path / "varied.txt"
    text = SEED_003.read_text(encoding="utf-8").replace("(七)总计 8", "(八)合计 8")
    varied.write_text(text, encoding="utf-8")
    target = tmp_path / "imported.toml"
    result = runner.invoke(app, ["import", str(varied), "-o", str(target)])
    assert result.exit_code == 0
    table = "三、收到和处理政府信息公开申请情况"
    assert result.stderr.splitlines()[:3] == [
        f"未能确定、未导入：{table}“(八)合计 8 0 0 0 0 0 8”：这一行数字对不上表格的任何一行",
        f"原报告中未找到这一行：{table}“三、本年度办理结果 （七）总计”",
        "导入：正文 4 处，表格数字 191 个，未能确定 1 个，未找到的表格行 1 行",
    ]
    written = target.read_text(encoding="utf-8")
    assert "# 导入时未能确定、未导入的一行（原文）：(八)合计 8 0 0 0 0 0 8" in written
    data = tomllib.loads(written)
    assert data["requests"]["total"] == {}  # not placed: computed, as if never printed


def test_without_a_title_the_period_and_the_signature_name_year_and_agency(tmp_path: Path):
    text = (
        SEED_003.read_text(encoding="utf-8")
        .replace("汉中市民政局2020年政府信息公开年度报告\n", "")
        .replace(
            "无其他需要报告的事项。\n",
            "无其他需要报告的事项。本报告所列数据的统计期限自2020年1月1日起至2020年12月31日止。\n"
            "汉中市民政局\n2021年1月20日\n",
        )
    )
    untitled = tmp_path / "untitled.txt"
    untitled.write_text(text, encoding="utf-8")
    data, _ = imported(tmp_path, untitled)
    assert data["year"] == 2020
    assert data["agency"]["name"] == "汉中市民政局"
    assert data["agency"]["issued"] == date(2021, 1, 20)


def test_audit_of_seed_002_reports_its_refusals_without_grounds():
    """The published 统计表 prints 4 under 4.不同意公开答复数 and 0 under each of its six
    grounds: one finding, on that row, which has a single figure (so no column is named)."""
    result = runner.invoke(app, ["audit", str(SEED_002)])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith(str(SEED_002) + ":")]
    assert lines == [
        f"{SEED_002}: 附件：政府信息公开工作情况统计表“4.不同意公开答复数”行："
        "报告印 4，各项相加为 0（不同意公开答复数应等于其下六种情形之和）"
    ]
    english = runner.invoke(app, ["audit", "--lang", "en", str(SEED_002)])
    assert (
        f'{SEED_002}: 附件：政府信息公开工作情况统计表, row "4.不同意公开答复数": printed 4,'
        " its parts add up to 0 (refusals must equal the sum of their six grounds)"
    ) in english.stderr.splitlines()
