"""Messages that say what to do (issue 17): words in a table cell point at { note = "…" }; a key
a table header took in names that header and its line; a check that passes says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINIMAL
from typer.testing import CliRunner

from reportgen.cli.commands import app

runner = CliRunner()


def check(path: Path, *args: str):
    return runner.invoke(app, ["check", str(path), *args])


def line_of(path: Path, text: str) -> int:
    lines = path.read_text("utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(text))


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "zh",
            '「行政许可 / 本年增/减」应为整数，实际为文字 "较上年减少两项"'
            '（原报告此格写的是文字时，请写作 { note = "…" }，报告中该格显示为注）',
        ),
        (
            "en",
            '"行政许可 / 本年增/减": expected a whole number, found the text "较上年减少两项"'
            ' (if the published report has words in this cell, write { note = "…" }: it prints'
            " as a note)",
        ),
    ],
)
def test_words_in_a_cell_point_at_a_note(tmp_path, lang, message):
    path = tmp_path / "year.toml"
    runner.invoke(app, ["init", "--format", "2019", "--year", "2024", "-o", str(path)])
    text = path.read_text("utf-8")
    old = "change = 0  # 本年增/减（增加写正数，减少写负数，如 -2）"
    path.write_text(text.replace(old, 'change = "较上年减少两项"', 1), "utf-8")
    result = check(path, "--lang", lang)
    assert result.exit_code == 1
    line = line_of(path, "change =")
    assert f"{path}:{line}: active.licensing.change: {message}" in result.stderr.splitlines()
    # As the hint says: the note is accepted, and is the cell's footnote.
    path.write_text(text.replace(old, 'change = { note = "较上年减少两项" }', 1), "utf-8")
    assert check(path).exit_code == 0


def test_a_number_with_a_slip_gets_no_note_hint(year_file):
    path = year_file('\n[active.coercion]\ndecisions = "3万"\n')
    assert check(path).stderr.splitlines()[0].endswith('应为非负整数，实际为文字 "3万"')


def trap(tmp_path: Path, format_id: str) -> Path:
    path = tmp_path / f"{format_id}.toml"
    runner.invoke(app, ["init", "--format", format_id, "--year", "2024", "-o", str(path)])
    lines = path.read_text("utf-8").splitlines()
    block = lines.index("# [counts.channels]")
    example = [line.removeprefix("# ") for line in lines[block : block + 3]]
    del lines[block : block + 3]
    intro = next(index for index, line in enumerate(lines) if line.startswith("intro = "))
    lines[intro - 1 : intro - 1] = example  # above intro's comment, as the old skeleton had it
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_the_2021_trap_names_the_header_and_its_line(tmp_path):
    path = trap(tmp_path, "2021")
    header = line_of(path, "[counts.channels]")
    intro = line_of(path, "intro = ")
    zh = check(path).stderr.splitlines()
    assert zh[0] == (
        f"{path}:{intro}: counts.channels.intro: 这一行属于第 {header} 行的 [counts.channels]"
        "（TOML 中表头以下的键都属于该表），因此不是「前言」（intro）；"
        "把 [counts.channels] 移到文件末尾，或把这一行移到该表头之上"
    )
    # problems_layout, further down, is taken into the table too: one message a line
    assert zh[-1] == "2 个错误，8 个警告"
    en = check(path, "--lang", "en").stderr.splitlines()
    assert en[0] == (
        f"{path}:{intro}: counts.channels.intro: this line belongs to [counts.channels] on line"
        f" {header} (in TOML the keys below a header belong to it), so it is not"
        ' "introduction" (intro); move [counts.channels] to the end of the file, or this line'
        " above that header"
    )


def test_the_2019_trap_gives_one_message_per_line_and_no_missing_field(tmp_path):
    path = trap(tmp_path, "2019")
    header = line_of(path, "[counts.channels]")
    result = check(path)
    assert result.exit_code == 1
    labels = {
        "intro": "前言",
        "overview": "总体情况",
        "problems": "存在的主要问题及改进情况",
        "other": "其他需要报告的事项",
    }
    assert result.stderr.splitlines() == [
        f"{path}:{line_of(path, key + ' = ')}: counts.channels.{key}: 这一行属于第 {header} 行的"
        f" [counts.channels]（TOML 中表头以下的键都属于该表），因此不是「{label}」（{key}）；"
        "把 [counts.channels] 移到文件末尾，或把这一行移到该表头之上"
        for key, label in labels.items()
    ] + ["4 个错误，0 个警告"]


@pytest.mark.parametrize(
    ("lang", "clean", "warned"),
    [
        ("zh", "检查通过：0 个错误，0 个警告", "检查通过：0 个错误，1 个警告"),
        ("en", "check passed: 0 error(s), 0 warning(s)", "check passed: 0 error(s), 1 warning(s)"),
    ],
)
def test_a_check_that_passes_says_so(tmp_path, lang, clean, warned):
    path = tmp_path / "year.toml"
    path.write_text(MINIMAL, "utf-8")
    result = check(path, "--lang", lang)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", clean + "\n")
    path.write_text(MINIMAL + "\n[requests.new]\nnatrual_person = 2\n", "utf-8")
    result = check(path, "--lang", lang)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == warned
    # A failed check keeps the plain count.
    path.write_text(MINIMAL + "\n[requests.new]\nnatural_person = -1\n", "utf-8")
    assert check(path, "--lang", lang).stderr.splitlines()[-1] in (
        "1 个错误，0 个警告",
        "1 error(s), 0 warning(s)",
    )
