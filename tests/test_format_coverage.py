"""Whatever a format describes is printed. For every built-in format's sample, the province
example and the Fujian sample, the expected text is derived from the format description alone
(every heading, every field that has a value, every table cell) and looked for in both the .docx
and the .html: no template can drop a part again without failing here."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from conftest import MINIMAL, ROOT
from docx import Document
from readback_docx import table_grid
from readback_html import read

import reportgen
from reportgen.errors import InputError
from reportgen.figures import numbers
from reportgen.runs import rendering

SAMPLES = [
    ("2021", ROOT / "samples" / "2021-city-civil-affairs.toml"),
    ("2019", ROOT / "samples" / "2019-hanzhong-civil-affairs-2020.toml"),
    ("twelve-part", ROOT / "samples" / "twelve-part-linyi-civil-affairs-2017.toml"),
    ("province", ROOT / "samples" / "province-example" / "2021-county-civil-affairs.toml"),
    ("fujian-2017", ROOT / "samples" / "fujian-2017" / "2017-fuzhou-example.toml"),
]


def _texts(value: object) -> list[str]:
    """The lines a value prints as."""
    if value is None or value == "" or value == ():
        return []
    if isinstance(value, datetime.date):
        return [numbers.chinese_date(value)]
    if isinstance(value, (list, tuple)):
        return [line for item in value for line in _texts(item)]
    if isinstance(value, dict):
        return [line for item in value.values() for line in _texts(item)]
    return [str(value)]


def expected(path: Path) -> list[str]:
    checked = reportgen.check(path)
    fmt = checked.year.format
    values = {**checked.year.values, **checked.prose}
    wanted = [section.heading for section in fmt.sections.values()]
    for spec in fmt.fields.values():
        if spec.table is not None or spec.internal or spec.key not in values:
            continue
        value = values[spec.key]
        if spec.type == "records":
            for item in spec.items:
                if item.heading:
                    wanted.append(item.heading)
                wanted += [line for record in value for line in _texts(record.get(item.key))]
            continue
        lines = _texts(value)
        if lines and spec.heading:
            wanted.append(spec.heading)
        wanted += lines
    cell_text = rendering.context(checked)["cell_text"]
    for table in fmt.tables.values():
        for row in (*table.header, *table.rows):
            for cell in row.cells:
                wanted.append(cell_text[cell.key] if cell.key else cell.text or "")
    return [text for text in wanted if text]


def _html_text(path: Path) -> str:
    page = read(path.read_text("utf-8"))
    cells = [cell.text for table in page.tables.values() for row in table for cell in row]
    return "\n".join([text for _, text in page.blocks] + cells)


def _docx_text(path: Path) -> str:
    document = Document(str(path))
    cells = [cell.text for table in document.tables for row in table_grid(table) for cell in row]
    # Without the zero-width spaces that let addresses break (writers/addresses.py).
    text = "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)
    return text.replace("\u200b", "")


@pytest.mark.parametrize("sample", SAMPLES, ids=[name for name, _ in SAMPLES])
def test_everything_the_description_names_is_printed_in_both_outputs(tmp_path, sample):
    _, path = sample
    built = reportgen.build(path, tmp_path)
    docx_path, html_path = sorted(built.paths, key=lambda output: output.suffix)
    html, docx = _html_text(html_path), _docx_text(docx_path)
    wanted = expected(path)
    assert len(wanted) > 20
    assert [text for text in wanted if text not in html] == []
    assert [text for text in wanted if text not in docx] == []


def test_a_section_a_province_adds_by_data_is_printed(tmp_path):
    """The issue's first case: a section with a paragraph field and a table, added by extending
    the 2021 format.toml, with no template of its own."""
    templates = tmp_path / "templates" / "2021"
    templates.mkdir(parents=True)
    (templates / "format.toml").write_text(
        """\
extends = "!default/2021/format.toml"

[[sections]]
id = "proposals"
heading = "七、建议提案办理情况"
after = "other"
table = "proposals"

[[fields]]
key = "proposals.text"
type = "paragraphs"
required = true
section = "proposals"
label = "建议提案办理情况"

[tables.proposals]
[[tables.proposals.header]]
cells = [{ text = "类别" }, { text = "件数" }]
[[tables.proposals.rows]]
key = "deputies"
cells = [{ text = "人大代表建议" }, { value = true }]
""",
        "utf-8",
    )
    year = tmp_path / "year.toml"
    text = (ROOT / "samples" / "2021-city-civil-affairs.toml").read_text("utf-8")
    year.write_text(
        text.replace('format = "2021"', 'format = "2021"\ntemplates = "templates"', 1)
        + '\n[proposals]\ntext = "全年办理建议提案12件。"\ndeputies = 12\n',
        "utf-8",
    )
    built = reportgen.build(year, tmp_path / "out")
    docx_path, html_path = sorted(built.paths, key=lambda output: output.suffix)
    for text in (_html_text(html_path), _docx_text(docx_path)):
        assert "七、建议提案办理情况" in text and "全年办理建议提案12件。" in text
        assert "人大代表建议\n12" in text
    intro = read(html_path.read_text("utf-8")).blocks[1][1]
    assert "其他需要报告的事项、建议提案办理情况七个部分组成" in intro


def test_problems_print_grouped_by_default_and_paired_on_request(tmp_path, year_file):
    extra = '\n[[problems]]\nproblem = "问题二。"\nmeasures = "措施二。"\n'
    grouped = reportgen.build(year_file(extra), tmp_path / "grouped", to=["html"])
    paired_file = _rewrite(year_file(extra, name="paired.toml"))
    paired = reportgen.build(paired_file, tmp_path / "paired", to=["html"])

    def problems(built) -> list[str]:
        blocks = read(built.paths[0].read_text("utf-8")).blocks
        start = blocks.index(("h2", "五、存在的主要问题及改进情况"))
        end = blocks.index(("h2", "六、其他需要报告的事项"))
        return [text for _, text in blocks[start + 1 : end]]

    assert problems(grouped) == [
        "（一）存在的主要问题",
        "问题一。",
        "问题二。",
        "（二）改进情况",
        "措施一。",
        "措施二。",
    ]
    assert problems(paired) == ["问题一。", "措施一。", "问题二。", "措施二。"]


def _rewrite(path: Path) -> Path:
    text = path.read_text("utf-8")
    path.write_text(
        text.replace('format = "2021"', 'format = "2021"\nproblems_layout = "paired"', 1), "utf-8"
    )
    return path


def test_an_override_that_leaves_out_a_field_is_a_warning_at_build_time(tmp_path, year_file):
    office = tmp_path / "office" / "2021"
    office.mkdir(parents=True)
    (office / "report.html.j2").write_text(
        '{% extends "!default/2021/report.html.j2" %}\n'
        "{% block section_other %}<h2>{{ section.heading }}</h2>{% endblock %}\n",
        "utf-8",
    )
    path = year_file()
    built = reportgen.build(path, tmp_path / "out", templates=[tmp_path / "office"])
    assert [finding.render("zh") for finding in built.findings] == [
        f"{path}:{_line(path, 'fees = ')}: other.fees: 警告：「信息处理费收取情况」已填写，"
        "但报告中没有印出（模板未包含这一项）"
    ]
    assert len(built.paths) == 2


def _line(path: Path, start: str) -> int:
    lines = path.read_text("utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(start))


FORMAT_DIRECTORIES = [
    ("2021", ()),
    ("2019", ()),
    ("twelve-part", ()),
    ("fujian-2017", (ROOT / "samples" / "fujian-2017" / "templates",)),
]


def _every_field_filled(fmt_id: str, search: tuple[Path, ...]) -> tuple[str, dict[str, str]]:
    """A year file giving every field of the format a value of its own, and those values."""
    from reportgen.formats import description as formats

    fmt = formats.find(fmt_id, search)
    assert fmt is not None
    lines = [f'format = "{fmt_id}"', "year = 2017"]
    records: list[str] = []
    markers: dict[str, str] = {}
    for spec in fmt.fields.values():
        if spec.table is not None or spec.internal or spec.type in ("counts", "year"):
            continue
        if spec.key in ("format", "intro"):
            continue  # intro: the generated introduction is the one that prints the others
        if spec.key == "title_lines":
            # Only where the title breaks: its lines must join up to the title itself.
            lines.append('title_lines = ["标记agency.name2017年", "政府信息公开工作年度报告"]')
            markers[spec.key] = "标记agency.name2017年"
        elif spec.type == "date":
            lines.append(f"{spec.key} = 2018-03-20")
            markers[spec.key] = "2018年3月20日"
        elif spec.type == "records":
            for number in (1, 2):
                records.append(f"[[{spec.key}]]")
                for item in spec.items:
                    marker = f"标记{spec.key}{number}{item.key}"
                    records.append(f'{item.key} = "{marker}"')
                    markers[f"{spec.key}.{number}.{item.key}"] = marker
        else:
            marker = f"标记{spec.key}"
            lines.append(f'{spec.key} = "{marker}"')
            markers[spec.key] = marker
    return "\n".join([*lines, *records]) + "\n", markers


@pytest.mark.parametrize("case", FORMAT_DIRECTORIES, ids=[name for name, _ in FORMAT_DIRECTORIES])
def test_every_field_of_every_format_reaches_both_outputs_or_is_internal(tmp_path, case):
    fmt_id, search = case
    text, markers = _every_field_filled(fmt_id, search)
    path = tmp_path / "year.toml"
    path.write_text(text, "utf-8")
    built = reportgen.build(path, tmp_path / "out", templates=search)
    assert [f for f in built.findings if f.code == "field_unprinted"] == []
    docx_path, html_path = sorted(built.paths, key=lambda output: output.suffix)
    html, docx = _html_text(html_path), _docx_text(docx_path)
    assert {key for key, marker in markers.items() if marker not in html} == set()
    assert {key for key, marker in markers.items() if marker not in docx} == set()


def test_a_year_file_s_own_introduction_is_followed_by_where_to_read_and_whom_to_ask(
    tmp_path, year_file
):
    own = 'intro = "现将本局2025年度政府信息公开工作报告如下："\n'
    agency = '[agency]\nwebsite = "测试县政府网"\nphone = "0000-1234567"\n'
    path = year_file(base=own + MINIMAL.replace("[agency]\n", agency, 1))
    built = reportgen.build(path, tmp_path / "out", to=["html"])
    blocks = read(built.paths[0].read_text("utf-8")).blocks
    assert blocks[1:3] == [
        ("p", "现将本局2025年度政府信息公开工作报告如下："),
        (
            "p",
            "本报告电子版可在测试县政府网查阅。如对本报告有疑问，请与测试县统计局联系"
            "（联系电话：0000-1234567）。",
        ),
    ]


def test_a_problems_layout_not_in_the_list_is_an_error(year_file):
    path = _rewrite(year_file())
    path.write_text(path.read_text("utf-8").replace('"paired"', '"pairs"'), "utf-8")
    with pytest.raises(InputError) as raised:
        reportgen.build(path, path.parent / "o")
    assert [finding.render("zh") for finding in raised.value.findings] == [
        f'{path}:2: problems_layout: 「问题与改进措施的排法」应为 "grouped"、"paired" 之一，'
        '实际为文字 "pairs"'
    ]


def test_the_table_blocks_of_the_national_templates_stay_overridable(tmp_path, year_file):
    office = tmp_path / "office" / "2021"
    office.mkdir(parents=True)
    (office / "report.html.j2").write_text(
        '{% extends "!default/2021/report.html.j2" %}\n'
        "{% block table_active %}<p>本机关本年度未制发规章。</p>{% endblock %}\n",
        "utf-8",
    )
    built = reportgen.build(year_file(), tmp_path / "out", templates=[tmp_path / "office"])
    html_path = next(path for path in built.paths if path.suffix == ".html")
    page = read(html_path.read_text("utf-8"))
    at = page.blocks.index(("h2", "二、主动公开政府信息情况"))
    assert page.blocks[at + 1] == ("p", "本机关本年度未制发规章。")
    assert "table-active" not in page.tables and "table-requests" in page.tables
