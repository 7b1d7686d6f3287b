"""The two older formats, built from samples that reproduce the real reports they were drawn
from: seed 003 (汉中市民政局2020年, the 2019 format) and seed 002 (临沂市民政局2017年, the
twelve-part layout with its 统计表). Every label of every table is read back from the .docx and
the .html and compared with the spec (spec_2019, spec_twelve_part, typed from formats.md); every
number of the seeds must stand in its cell; and the totals the seeds got wrong, typed back in,
must give exactly the messages a clerk would see."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import readback_html
import spec_2019
import spec_twelve_part
from conftest import ROOT
from docx import Document
from readback_docx import body
from typer.testing import CliRunner

import reportgen
from reportgen.cli.commands import app

HANZHONG = ROOT / "samples" / "2019-hanzhong-civil-affairs-2020.toml"
LINYI = ROOT / "samples" / "twelve-part-linyi-civil-affairs-2017.toml"
OUTPUTS = ["docx", "html"]

Cells = list[tuple[str, int, int]]  # the (text, rowspan, colspan) of the cells starting in a row

runner = CliRunner()


@dataclass
class Output:
    """One written report read back: its blocks in document order, tables as ("table", id)."""

    flow: list[tuple[str, str]]  # ("h1" | "h2" | "h3" | "p", text) or ("table", id)
    tables: dict[str, list[Cells]]

    def headings(self) -> list[str]:
        return [text for kind, text in self.flow if kind == "h2"]

    def section(self, heading: str) -> list[tuple[str, str]]:
        """The blocks between a heading and the next one."""
        start = self.flow.index(("h2", heading)) + 1
        end = next(
            (i for i, (kind, _) in enumerate(self.flow[start:], start) if kind in ("h1", "h2")),
            len(self.flow),
        )
        return self.flow[start:end]


_DOCX_KINDS = {"Title": "h1", "Heading1": "h2", "Heading2": "h3"}


def read_docx(path: Path, table_ids: list[str]) -> Output:
    flow: list[tuple[str, str]] = []
    tables: dict[str, list[Cells]] = {}
    for block in body(Document(str(path))):
        if isinstance(block, list):
            table_id = table_ids[len(tables)]
            tables[table_id] = [
                [(cell.text, cell.row_span, cell.grid_span) for cell in row if cell.origin]
                for row in block
            ]
            flow.append(("table", table_id))
        else:
            # As a reader sees it: without the zero-width spaces that let addresses break.
            text = block.text.replace("\u200b", "")
            flow.append((_DOCX_KINDS.get(block.style.style_id, "p"), text))
    return Output(flow, tables)


class _FlowReader(readback_html._Reader):
    """readback_html's reader that also records where each table stands among the blocks."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        super().handle_starttag(tag, attrs)
        if tag == "table":
            self.blocks.append(("table", self.table_id.removeprefix("table-")))


def read_html(path: Path) -> Output:
    reader = _FlowReader()
    reader.feed(path.read_text("utf-8"))
    tables = {
        table_id.removeprefix("table-"): [
            [(cell.text, cell.rowspan, cell.colspan) for cell in row] for row in rows
        ]
        for table_id, rows in reader.tables.items()
    }
    return Output(reader.blocks, tables)


def build(sample: Path, out: Path, table_ids: list[str]) -> dict[str, Output]:
    built = reportgen.build(sample, out, to=OUTPUTS, strict=True)
    paths = {path.suffix: path for path in built.paths}
    return {"docx": read_docx(paths[".docx"], table_ids), "html": read_html(paths[".html"])}


@pytest.fixture(scope="module")
def hanzhong(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Output]:
    return build(HANZHONG, tmp_path_factory.mktemp("hanzhong"), ["active", "requests", "appeals"])


@pytest.fixture(scope="module")
def linyi(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Output]:
    return build(LINYI, tmp_path_factory.mktemp("linyi"), ["statistics"])


def values_of(cells: Cells, expected: list[tuple[str, int, int] | None]) -> list[str]:
    """The texts of a row's value cells, after checking its label cells against the spec."""
    assert len(cells) == len(expected), cells
    labels = [cell for cell, spec in zip(cells, expected, strict=True) if spec is not None]
    assert labels == [spec for spec in expected if spec is not None]
    return [cell[0] for cell, spec in zip(cells, expected, strict=True) if spec is None]


def numbers(texts: list[str]) -> list[int]:
    return [int(text) for text in texts]


# ---------------------------------------------------------------- 2019 format: seed 003


@pytest.mark.parametrize("output", OUTPUTS)
def test_2019_active_table_labels_and_seed_numbers(hanzhong, output):
    rows = hanzhong[output].tables["active"]
    assert len(rows) == len(spec_2019.ACTIVE)
    for index, expected in enumerate(spec_2019.ACTIVE):
        values = values_of(rows[index], expected)
        assert values == spec_2019.SEED_ACTIVE.get(index, []), index
    for (row, cell), colspan in spec_2019.ACTIVE_VALUE_SPANS.items():
        assert rows[row][cell][2] == colspan, row


@pytest.mark.parametrize("output", OUTPUTS)
def test_2019_requests_table_labels_and_seed_numbers(hanzhong, output):
    rows = hanzhong[output].tables["requests"]
    assert rows[:3] == spec_2019.REQUESTS_HEADER
    body = rows[3:]
    assert len(body) == len(spec_2019.REQUESTS_LABELS) == 23
    # The seed prints （七）总计 as 8 (自然人) and 8 (总计), but its rows add up to 4, and
    # 一 + 二 = 4 + 0 (R1) says so too: the sample leaves the total to reportgen, which prints 4.
    expected = {**spec_2019.SEED_REQUESTS, spec_2019.TOTAL_ROW: [4, 0, 0, 0, 0, 0, 4]}
    for index, labels in enumerate(spec_2019.REQUESTS_LABELS):
        values = values_of(body[index], [*labels, *[None] * 7])
        assert numbers(values) == expected.get(index, [0] * 7), index


@pytest.mark.parametrize("output", OUTPUTS)
def test_2019_appeals_table(hanzhong, output):
    rows = hanzhong[output].tables["appeals"]
    assert rows[:3] == spec_2019.APPEALS_HEADER
    assert [text for text, _, _ in rows[3]] == [str(n) for n in spec_2019.SEED_APPEALS]


@pytest.mark.parametrize("output", OUTPUTS)
def test_2019_words_in_a_number_cell_become_a_footnote_after_the_table(hanzhong, output):
    # 见注1 in the cell (checked with the table's numbers), the note right after the table.
    assert hanzhong[output].section("二、主动公开政府信息情况") == [
        ("table", "active"),
        ("p", spec_2019.SEED_FOOTNOTE),
    ]


@pytest.mark.parametrize("output", OUTPUTS)
def test_2019_title_intro_headings_and_signature(hanzhong, output):
    report = hanzhong[output]
    assert report.flow[:2] == [
        ("h1", "汉中市民政局2020年\n政府信息公开工作年度报告"),
        ("p", spec_2019.SEED_INTRO),
    ]
    assert report.headings() == spec_2019.SECTIONS
    assert report.flow[-3:] == [
        ("p", "无其他需要报告的事项。"),
        ("p", "汉中市民政局"),
        ("p", "2021年1月20日"),
    ]


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


@pytest.mark.parametrize(
    ("amount", "printed"),
    [
        ('{ value = 251000, unit = "元" }', "251000元"),
        ('{ value = 73802895.90, unit = "元" }', "73802895.90元"),
    ],
)
def test_2019_signed_change_and_procurement_amount_with_unit(tmp_path: Path, amount, printed):
    text = HANZHONG.read_text("utf-8")
    text = replace_once(text, "change = 3\n", "change = -3\n")  # 其他对外管理服务事项
    text = replace_once(text, "amount = 0", f"amount = {amount}")
    path = tmp_path / "year.toml"
    path.write_text(text, encoding="utf-8")
    outputs = build(path, tmp_path / "out", ["active", "requests", "appeals"])
    for output in OUTPUTS:
        rows = outputs[output].tables["active"]
        assert values_of(rows[7], spec_2019.ACTIVE[7]) == ["5", "-3", "0"], output
        assert values_of(rows[17], spec_2019.ACTIVE[17]) == ["0", printed], output


# ---------------------------------------------------------------- twelve-part: seed 002


@pytest.mark.parametrize("output", OUTPUTS)
def test_statistics_table_labels_units_and_seed_numbers(linyi, output):
    rows = linyi[output].tables["statistics"]
    assert rows[:1] == spec_twelve_part.STATISTICS_HEADER
    body = rows[1:]
    assert len(body) == len(spec_twelve_part.STATISTICS)
    row_of = spec_twelve_part.row_of
    expected = {row: str(value) for row, value in spec_twelve_part.SEED_STATISTICS.items()}
    # The seed prints 4.不同意公开答复数 4 over six 其中 rows of 0, and （三）申请答复数 4; the
    # sample leaves both totals to reportgen, which prints the sums of their parts: 0 and 0.
    expected[row_of("4.不同意公开答复数")] = "0"
    expected[row_of("（三）申请答复数")] = "0"
    # The seed writes "（依托行风热线发布民政最新工作动态）" after this label: a footnote here.
    expected[row_of("1.参加或举办新闻发布会总次数")] = "10（注1）"
    for index, cells in enumerate(spec_twelve_part.STATISTICS):
        values = values_of(body[index], cells)
        assert values == ([expected[index]] if index in expected else []), index


@pytest.mark.parametrize("output", OUTPUTS)
def test_statistics_unit_column(linyi, output):
    body = linyi[output].tables["statistics"][1:]
    assert [row[1][0] for row in body] == spec_twelve_part.UNITS


@pytest.mark.parametrize("output", OUTPUTS)
def test_twelve_headings_in_order_and_the_generated_intro(linyi, output):
    report = linyi[output]
    assert report.headings() == spec_twelve_part.SECTIONS
    assert report.flow[:3] == [
        ("h1", spec_twelve_part.TITLE_LINES),
        (
            "p",
            "本报告是临沂市民政局办公室根据《中华人民共和国政府信息公开条例》、"
            "《山东省政府信息公开办法》及临沂市人民政府办公室关于政府信息公开工作等相关要求"
            "进行编制，并公开2017年度本单位信息公开工作年度报告。"
            + spec_twelve_part.INTRO_PARTS
            + spec_twelve_part.PERIOD
            + "本报告的电子版可在民政局网站（http://mzj.linyi.gov.cn/info/1040/3628.htm）查阅。"
            "如对本报告有任何疑问，请与民政局政务公开领导小组办公室联系（地址：临沂市北京路13号"
            "707室；邮编：276000；联系电话：0539-7200966；传真：0539-7200917；"
            "电子邮箱：lyminzhengju@126.com）。",
        ),
        ("h2", "一、概述"),
    ]


@pytest.mark.parametrize("output", OUTPUTS)
def test_sections_nine_and_ten_hold_their_own_text(linyi, output):
    # The seed runs the headings 九 and 十 together; each text belongs under its own heading.
    report = linyi[output]
    nine = report.section("九、政府信息公开保密审查及监督检查情况")
    ten = report.section("十、所属事业单位信息公开工作推进措施和落实情况")
    assert [kind for kind, _ in nine + ten] == ["p"] * 4
    assert nine[0][1].startswith("我局严格按照相关要求对政府信息公开进行保密审查")
    assert nine[1][1].startswith("2017年，我局未发生因政府信息公开审查不当")
    assert ten[0][1].startswith("要求所属事业单位加快门户网建设")
    assert ten[1][1].startswith("按照《条例》要求，结合工作实际，我局在不断完善公开制度的基础上")


@pytest.mark.parametrize("output", OUTPUTS)
def test_signature_date_and_the_attached_statistics_table(linyi, output):
    flow = linyi[output].flow
    start = flow.index(("h2", "十二、需要说明的事项与附表"))
    assert flow[start + 1 :] == [
        (
            "p",
            "如对本年报有任何疑问，请与临沂市民政局办公室联系地址：临沂市兰山区北京路13号707，"
            "邮编：276000，电话：7200966，电子邮箱：（lyminzhengju@126.com）。",
        ),
        ("p", f"附：{spec_twelve_part.STATISTICS_TITLE}"),
        ("p", spec_twelve_part.SIGNATORY),
        ("p", spec_twelve_part.DATE),
        ("p", "附件："),
        ("h1", spec_twelve_part.STATISTICS_TITLE_LINES),
        ("p", "（市政府部门、直属机构）"),
        ("table", "statistics"),
        ("p", "注1：依托行风热线发布民政最新工作动态"),
    ]


# ---------------------------------------------------------------- the seeds' wrong totals


def line_of(path: Path, text: str) -> int:
    lines = path.read_text("utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def check_lines(path: Path) -> list[str]:
    """What `reportgen check` prints to stderr, from the library and from the CLI (exit 1)."""
    rendered = [finding.render("zh") for finding in reportgen.check(path).findings]
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:-1] == rendered
    return result.stderr.splitlines()


def test_seed_003_typed_total_of_8_is_caught(tmp_path: Path):
    path = tmp_path / "hanzhong.toml"
    seed_total = (
        "\n[requests.total]               # （七）总计，照录原报告\nnatural_person = 8\ntotal = 8\n"
    )
    path.write_text(HANZHONG.read_text("utf-8") + seed_total, encoding="utf-8")
    typed = line_of(path, "natural_person = 8")
    # Exactly the two typed totals: R1 (一+二 = （七）总计+四) is judged on the computed 4, so
    # the correct 一、本年新收 cells are not blamed.
    assert check_lines(path) == [
        f"{path}:{typed}: requests.total.natural_person: "
        "「三、本年度办理结果 （七）总计 / 自然人」填写为 8，按各项相加应为 4"
        "（R2：“自然人”列的（七）总计应等于（一）至（六）各项之和）",
        f"{path}:{typed + 1}: requests.total.total: "
        "「三、本年度办理结果 （七）总计 / 总计」填写为 8，按各项相加应为 4"
        "（R2：“总计”列的（七）总计应等于（一）至（六）各项之和）",
        "2 个错误，0 个警告",
    ]


def test_seed_002_typed_refusals_of_4_are_caught(tmp_path: Path):
    text = LINYI.read_text("utf-8")
    # The seed's 申请答复数 4 agrees with its items as typed (4.不同意公开答复数 4 among them):
    # only 4 ≠ its six 其中 rows of 0 is wrong.
    text = replace_once(text, "\nalready_public = 0", "\nanswered = 4\nalready_public = 0")
    text = replace_once(
        text, "\nrefused_state_secret = 0", "\nrefused = 4\nrefused_state_secret = 0"
    )
    path = tmp_path / "linyi.toml"
    path.write_text(text, encoding="utf-8")
    assert check_lines(path) == [
        f"{path}:{line_of(path, 'refused = 4')}: statistics.requests.refused: "
        "「4.不同意公开答复数」填写为 4，按各项相加应为 0"
        "（S4：不同意公开答复数应等于其下六种情形之和）",
        "1 个错误，0 个警告",
    ]


@pytest.mark.parametrize("sample", [HANZHONG, LINYI], ids=["2019", "twelve-part"])
def test_samples_pass_check_strict(sample: Path):
    result = runner.invoke(app, ["check", str(sample), "--strict"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "检查通过：0 个错误，0 个警告\n"


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "zh",
            "「一、本年新收政府信息公开申请数量 / 总计」填写为 0，按各项相加应为 272"
            "（R3：“一、本年新收政府信息公开申请数量”的总计应等于各类申请人之和）",
        ),
        (
            "en",
            '"一、本年新收政府信息公开申请数量 / 总计" is given as 0, but its parts add up to 272'
            " (R3: 一、本年新收政府信息公开申请数量: 总计 must equal the sum of the applicant"
            " columns)",
        ),
    ],
)
def test_a_blank_row_total_typed_as_0_is_the_only_finding(tmp_path: Path, lang, message):
    """A published row total left blank, typed as 0 over a row of 272: one finding, on that
    total; the correct grand total of 805 is not questioned (R1 is judged on 272)."""
    text = replace_once(
        HANZHONG.read_text("utf-8"),
        "[requests.new]                  # 一、本年新收政府信息公开申请数量\nnatural_person = 4\n",
        "[requests.new]\nnatural_person = 272\ntotal = 0\n"
        "[requests.carried_over]\nnatural_person = 533\n",
    )
    text = replace_once(
        text,
        "[requests.granted]              # 三（一）予以公开\nnatural_person = 4\n",
        "[requests.granted]\nnatural_person = 805\n[requests.total]\nnatural_person = 805\n"
        "total = 805\n",
    )
    path = tmp_path / "hanzhong.toml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--lang", lang])
    assert result.exit_code == 1
    summary = "1 个错误，0 个警告" if lang == "zh" else "1 error(s), 0 warning(s)"
    assert result.stderr.splitlines() == [
        f"{path}:{line_of(path, 'total = 0')}: requests.new.total: {message}",
        summary,
    ]
