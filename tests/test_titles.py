"""Titles broken into balanced lines at word boundaries (GB/T 9704), and title_lines."""

from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

import reportgen
from reportgen.cli.commands import app
from reportgen.render.titles import balance, width

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.mark.parametrize(
    ("title", "agency", "lines"),
    [
        (
            "某某市民政局2025年政府信息公开工作年度报告",
            "某某市民政局",
            ["某某市民政局2025年", "政府信息公开工作年度报告"],
        ),
        (
            "临沂市民政局2017年度政府信息公开工作情况统计表",
            "临沂市民政局",
            ["临沂市民政局2017年度", "政府信息公开工作情况统计表"],
        ),
        (
            "某某省某某市某某区人民政府办公室2025年政府信息公开工作年度报告",
            "某某省某某市某某区人民政府办公室",
            ["某某省某某市某某区人民政府办公室", "2025年政府信息公开工作年度报告"],
        ),
        ("政府信息公开工作年度报告", "", ["政府信息公开工作年度报告"]),
    ],
)
def test_balanced_lines_keep_words_whole(title, agency, lines):
    assert balance(title, [agency]) == lines


def test_no_line_is_under_a_third_of_the_longest_and_each_fits_the_width():
    # The name (22 characters) is longer than a line of 2号 (20): it is broken, words are not.
    name = "某某自治区某某自治州某某自治县人民政府办公室"
    title = f"{name}2025年政府信息公开工作年度报告"
    lines = balance(title, [name])
    assert "".join(lines) == title
    assert all(width(line) <= 442.2 / 22 for line in lines)
    assert min(map(width, lines)) >= max(map(width, lines)) / 3
    assert lines == [
        "某某自治区某某自治州某某自治县人民政府",
        "办公室2025年政府信息公开工作年度报告",
    ]


def test_the_year_file_gives_the_breaks(tmp_path):
    sample = (ROOT / "samples" / "2021-city-civil-affairs.toml").read_text("utf-8")
    path = tmp_path / "2021.toml"
    path.write_text(
        sample.replace(
            'format = "2021"',
            'format = "2021"\ntitle_lines = ["某某市民政局", "2025年政府信息公开工作年度报告"]',
            1,
        ),
        "utf-8",
    )
    built = reportgen.build(path, tmp_path / "out", to=["docx"])
    document = Document(str(built.paths[0]))
    title = document.paragraphs[0]
    assert title.style.style_id == "Title"
    assert title.text == "某某市民政局\n2025年政府信息公开工作年度报告"


def test_title_lines_that_do_not_spell_the_title_are_an_error(tmp_path):
    sample = (ROOT / "samples" / "2021-city-civil-affairs.toml").read_text("utf-8")
    path = tmp_path / "2021.toml"
    path.write_text(
        sample.replace(
            'format = "2021"',
            'format = "2021"\ntitle_lines = ["某某市民政局2025年", "政府信息工作年度报告"]',
            1,
        ),
        "utf-8",
    )
    result = runner.invoke(app, ["build", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{path}:6: title_lines: 标题分行连起来应是报告标题"
        "“某某市民政局2025年政府信息公开工作年度报告”，"
        "实为“某某市民政局2025年政府信息工作年度报告”"
        "（title_lines 只决定标题在哪里换行）"
    )
    assert not (tmp_path / "out").exists()
