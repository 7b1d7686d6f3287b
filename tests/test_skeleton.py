"""The `init` skeleton can be followed literally (issue 17): removing the "# " of any commented
example, one at a time or all together, leaves a file `check` accepts; the comments name each
field once, give the unit of every amount and the sign of every change; `init` says what to
do next."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

import reportgen
from reportgen.cli.commands import app
from reportgen.formats import description as formats

FORMATS = ("2019", "2021", "twelve-part")
# A commented line of TOML (a header, a key, the closing quotes of a text), not of prose.
EXAMPLE = re.compile(r'# (\[{1,2}[\w.]+\]{1,2}$|[A-Za-z_][\w.-]* = |"""$)')


def skeleton(tmp_path, format_id: str, lang: str = "zh"):
    target = tmp_path / "year.toml"
    result = CliRunner().invoke(
        app, ["init", "--format", format_id, "--year", "2025", "-o", str(target), "--lang", lang]
    )
    assert result.exit_code == 0, result.output
    return target, result


def examples(lines: list[str]) -> list[list[int]]:
    """Runs of consecutive commented TOML lines: the examples a clerk may uncomment."""
    blocks: list[list[int]] = []
    for number, line in enumerate(lines):
        if EXAMPLE.match(line):
            if blocks and blocks[-1][-1] == number - 1:
                blocks[-1].append(number)
            else:
                blocks.append([number])
    return blocks


def uncommented(lines: list[str], numbers: list[int]) -> str:
    chosen = set(numbers)
    return "\n".join(
        line.removeprefix("# ") if index in chosen else line for index, line in enumerate(lines)
    )


@pytest.mark.parametrize("format_id", FORMATS)
def test_every_commented_example_can_be_uncommented(tmp_path, format_id):
    target, _ = skeleton(tmp_path, format_id)
    lines = target.read_text("utf-8").splitlines()
    blocks = examples(lines)
    assert blocks, "the skeleton has commented examples"
    # [counts.channels] is among them, and comes after every key of the file.
    counts = next(block for block in blocks if lines[block[0]] == "# [counts.channels]")
    assert all(not line or line.startswith("#") for line in lines[counts[-1] + 1 :])
    for numbers in [*blocks, [n for block in blocks for n in block]]:
        trial = tmp_path / "trial.toml"
        trial.write_text(uncommented(lines, numbers) + "\n", "utf-8")
        checked = reportgen.check(trial)
        assert checked.errors == [], (numbers, [f.render("zh") for f in checked.errors])


def test_the_2021_skeleton_writes_two_problems_the_second_commented(tmp_path):
    target, _ = skeleton(tmp_path, "2021")
    text = target.read_text("utf-8")
    assert text.count("\n[[problems]]\n") == 1
    assert (
        '# 再写一项：去掉下面各行开头的 "# "；更多项照此各写一个 [[problems]]\n'
        "# [[problems]]\n"
        '# problem = """\n'
        '# """\n'
        '# measures = """\n'
        '# """\n'
    ) in text
    lines = text.splitlines()
    second = next(block for block in examples(lines) if lines[block[0]] == "# [[problems]]")
    trial = tmp_path / "two.toml"
    trial.write_text(uncommented(lines, second) + "\n", "utf-8")
    assert len(reportgen.check(trial).year.values["problems"]) == 2


def _comments(lines: list[str]) -> dict[str, str]:
    """Each key's comment: on its own line just above it, or after its value."""
    found: dict[str, str] = {}
    table = ""
    for index, line in enumerate(lines):
        header = re.match(r"#? ?\[{1,2}([\w.]+)\]{1,2}", line)
        if header:
            table = header.group(1)
            continue
        code = re.match(
            r"(?:# )?([A-Za-z_]\w*)(?: = [^#]*(?:# (.*))?|：(.*)，由 reportgen 计算)$", line
        )
        if not code:
            continue
        key = f"{table}.{code.group(1)}" if table else code.group(1)
        trailing = code.group(2) or code.group(3)
        above = lines[index - 1]
        found[key] = trailing or (above[2:] if above.startswith("# ") else "")
    return found


@pytest.mark.parametrize("format_id", FORMATS)
def test_comments_name_each_field_once_with_units_and_signs(tmp_path, format_id):
    target, _ = skeleton(tmp_path, format_id)
    lines = target.read_text("utf-8").splitlines()
    comments = _comments(lines)
    fmt = formats.find(format_id, ())
    assert fmt is not None
    for spec in [*fmt.fields.values(), *fmt.values.values()]:
        if spec.type in ("records", "counts") or spec.key in ("templates", "extends"):
            continue
        # Quoted examples of what to write may name the field: not a label said twice.
        comment = re.sub(r'"[^"]*"', '""', comments[spec.key])
        for label in {spec.label, spec.row_label, spec.column_label} - {""}:
            assert comment.count(label) <= 1, (spec.key, comment)
        head, _, rest = comment.partition("：")
        assert not rest.startswith(head), (spec.key, comment)
        if spec.type == "amount":
            assert re.search(r"万元|元", comments[spec.key]), (spec.key, comment)
        if spec.type == "signed":
            assert "减少写负数" in comment, (spec.key, comment)


def test_2019_comments_of_the_issue(tmp_path):
    target, _ = skeleton(tmp_path, "2019")
    lines = target.read_text("utf-8").splitlines()
    assert (
        "# 总体情况：主动公开、依申请公开、政府信息管理、平台建设、监督保障等工作综述（每行一段）"
        in lines
    )
    assert '# 其他需要报告的事项；没有则写 "无其他需要报告的事项。"' in lines
    assert (
        'amount = 0  # 采购总金额（原表未定单位，请写明，如 { value = 251000, unit = "元" }）'
        in lines
    )
    assert "change = 0  # 本年增/减（增加写正数，减少写负数，如 -2）" in lines
    assert (
        '# 省、市政务公开办公室提供的模板目录（相对于本文件，须存在），如 "../某某省模板"'
        '（可选，写作 templates = "模板目录"）'
    ) in lines


def test_2021_fee_amount_takes_its_unit_from_the_header(tmp_path):
    target, _ = skeleton(tmp_path, "2021")
    lines = target.read_text("utf-8").splitlines()
    assert "amount = 0  # 本年收费金额（单位：万元）" in lines
    assert "decisions = 0  # 本年处理决定数量" in lines
    assert (
        '# 某格原报告写的是文字而不是数字时，写作 { note = "…" }（报告中该格显示为注）；'
        '数字加注写作 { value = 3, note = "…" }'
    ) in lines


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "zh",
            "下一步：\n"
            "  1. 用文本编辑器打开 {file}，按注释填写（数字写在 = 之后，文字写在引号之间）\n"
            "  2. reportgen check {file}    检查，列出要改的地方\n"
            "  3. reportgen build {file}    生成报告（.docx 和 .html）\n"
            "  4. reportgen preview {file}  在浏览器中边改边看\n",
        ),
        (
            "en",
            "Next steps:\n"
            "  1. open {file} in a text editor and fill it in as its comments say\n"
            "  2. reportgen check {file}    lists what to fix\n"
            "  3. reportgen build {file}    writes the report (.docx and .html)\n"
            "  4. reportgen preview {file}  shows the report in a browser as you edit\n",
        ),
    ],
)
def test_init_prints_the_next_steps(tmp_path, lang, expected):
    target, result = skeleton(tmp_path, "2021", lang)
    assert result.stderr == expected.format(file=target)
    # stdout stays the list of files written, for scripts.
    assert result.stdout.splitlines() == [str(target), str(tmp_path / "reportgen-2021.schema.json")]
