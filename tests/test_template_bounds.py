"""Templates from outside see plain data in an allow-list sandbox, and what they may make is
bounded: each attack is a template error naming the template and line (exit 1), nothing is
written, and in a batch the other files are still built."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLE
from typer.testing import CliRunner

from reportgen.cli.commands import app

runner = CliRunner()
HEAD = '{% extends "!default/2021/report.html.j2" %}\n{% block intro %}\n'
TAIL = "\n{% endblock %}\n"
NAME = "某某市民政局2025年政府信息公开工作年度报告"
TOO_LONG = "结果过长：{:,} 个字符（上限 20,000,000）"
TOO_LARGE = "数字过大：约 {:,} 位（上限 4,000 位）"

# (id, the template's line 3, the message after "模板错误：<template>:3: ")
ATTACKS = [
    (
        "path-write",
        "{{ format.directory.joinpath('/tmp/x').write_text('x') }}",
        "'str object' has no attribute 'joinpath'",
    ),
    (
        "path-read",
        "{{ format.directory.read_text() }}",
        "'str object' has no attribute 'read_text'",
    ),
    (
        "class-of-context",
        "{{ report.__class__ }}",
        "access to attribute '__class__' of 'dict' object is unsafe.",
    ),
    (
        "method-self",
        "{{ agency.name.split.__self__ }}",
        "access to attribute '__self__' of 'builtin_function_or_method' object is unsafe.",
    ),
    (
        "str-format",
        "{{ '{0}'.format(1) }}",
        "access to attribute 'format' of 'str' object is unsafe.",
    ),
    (
        "format-map",
        "{{ '{x}'.format_map({}) }}",
        "access to attribute 'format_map' of 'str' object is unsafe.",
    ),
    ("encode", "{{ 'x'.encode() }}", "access to attribute 'encode' of 'str' object is unsafe."),
    (
        "dict-pop",
        "{{ report.pop('year') }}",
        "access to attribute 'pop' of 'dict' object is unsafe.",
    ),
    (
        "decimal-method",
        "{{ figures['requests.new.total'].bit_length() }}",
        "access to attribute 'bit_length' of 'int' object is unsafe.",
    ),
    ("ljust", "{{ ''.ljust(300000000) }}", TOO_LONG.format(300000000)),
    ("center-filter", "{{ 'a' | center(300000000) }}", TOO_LONG.format(300000000)),
    ("zfill", "{{ '1'.zfill(10**9) }}", TOO_LONG.format(10**9)),
    ("printf-width", "{{ '%999999999d' % 1 }}", TOO_LONG.format(999999999)),
    ("format-filter", "{{ '%*d' | format(10**9, 1) }}", TOO_LONG.format(10**9)),
    ("indent", "{{ ('a\\n' * 400000) | indent(100) }}", TOO_LONG.format(40800100)),
    (
        "doubling",
        "{% set ns = namespace(x='ab') %}{% for i in range(40) %}"
        "{% set ns.x = ns.x ~ ns.x %}{% endfor %}{{ ns.x | length }}",
        TOO_LONG.format(2**25),
    ),
    ("power-tower", "{{ ((10**1000)**1000)**1000 }}", TOO_LARGE.format(999721)),
    ("long-number", "{{ 7**5000 }}", TOO_LARGE.format(4226)),
    ("big-product", "{% set n = 10**3000 %}{{ n * n }}", TOO_LARGE.format(6001)),
    (
        "nested-loops",
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "循环次数超过上限（每份报告 1,000,000 次）",
    ),
    ("lipsum", "{{ lipsum(10**9) }}", "'lipsum' is undefined"),
    (
        "filled-repeat",
        "{{ ([('x' * 1000000, none)] * 100000) | filled({}) }}",
        TOO_LONG.format(21000000),
    ),
]


def override(tmp_path: Path, line: str) -> tuple[Path, Path]:
    directory = tmp_path / "templates"
    (directory / "2021").mkdir(parents=True)
    template = directory / "2021" / "report.html.j2"
    template.write_text(HEAD + line + TAIL, "utf-8")
    return directory, template


@pytest.mark.parametrize(("line", "message"), [a[1:] for a in ATTACKS], ids=[a[0] for a in ATTACKS])
def test_attack_is_a_template_error(tmp_path: Path, line: str, message: str):
    directory, template = override(tmp_path, line)
    out = tmp_path / "out"
    target = Path("/tmp/x")  # what the path-write attack writes to; whatever is there stays
    before = _state(target)
    result = runner.invoke(
        app, ["build", str(SAMPLE), "-o", str(out), "--templates", str(directory)]
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"模板错误：{template}:3: {message}"]
    assert not out.exists()
    assert _state(target) == before


def _state(path: Path) -> tuple[bool, bool, bytes | None]:
    return path.exists(), path.is_dir(), path.read_bytes() if path.is_file() else None


def test_the_batch_carries_on(tmp_path: Path):
    """One department's own templates are a bomb; the other department still builds."""
    bad, good = tmp_path / "bad", tmp_path / "good"
    for folder in (bad, good):
        folder.mkdir()
    text = SAMPLE.read_text("utf-8")
    (good / "a.toml").write_text(text, "utf-8")
    (bad / "b.toml").write_text(
        'templates = "t"\n' + text.replace("某某市民政局", "某某县民政局"), "utf-8"
    )
    override(bad, "{{ ''.ljust(10**12) }}")
    (bad / "templates").rename(bad / "t")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["build", str(good / "a.toml"), str(bad / "b.toml"), "-o", str(out), "--jobs", "2"]
    )
    assert result.exit_code == 1
    assert TOO_LONG.format(10**12) in result.stderr
    assert sorted(path.name for path in out.iterdir()) == [f"{NAME}.docx", f"{NAME}.html"]


def test_a_character_no_xml_holds_is_removed_with_a_warning(tmp_path: Path):
    directory, template = override(tmp_path, "<p>前言{{ '\\ud800\\x0b' }}。</p>")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["build", str(SAMPLE), "-o", str(out), "--templates", str(directory)]
    )
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        f"{template}: 警告：已删除 2 个无法写入报告的字符 U+D800、U+000B"
        "（控制字符或残缺的 Unicode 字符，多见于从 Word、网页或 PDF 复制的文字）"
    )
    assert "<p>前言。</p>" in (out / f"{NAME}.html").read_text("utf-8")


@pytest.mark.parametrize(
    "line",
    [
        "{% macro f() %}{% for i in range(100000) %}{{ 'x' * 100000 }}{% endfor %}{% endmacro %}"
        "{{ f() }}",
        "{% macro f() %}{% for i in range(100000) %}" + "y" * 3000 + "{% endfor %}{% endmacro %}"
        "{{ f() }}",
        "{% set s %}{% for i in range(1000) %}{{ 'x' * 1000000 }}{% endfor %}{% endset %}{{ s }}",
        "{% macro f() %}{% for i in range(1000) %}{{ 'x' | center(1000000) }}{% endfor %}"
        "{% endmacro %}{{ f() }}",
    ],
    ids=["macro-loop", "macro-literal-loop", "set-block-loop", "filter-in-macro-loop"],
)
def test_text_made_into_buffers_is_bounded(tmp_path: Path, line: str):
    """What a macro or a set block collects never reaches the report's stream until it is
    whole: it is counted as it is made, before it fills the memory."""
    directory, template = override(tmp_path, line)
    result = runner.invoke(
        app, ["build", str(SAMPLE), "-o", str(tmp_path / "out"), "--templates", str(directory)]
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"模板错误：{template}:3: 报告内容过长：超过 20,000,000 个字符"
    ]
    assert not (tmp_path / "out").exists()


def test_a_paragraph_too_long_for_word_is_a_template_error(tmp_path: Path):
    """libxml2 reads at most 10,000,000 bytes of text in one node: a longer paragraph made by a
    template is refused with a message, not exit 70."""
    directory, template = override(tmp_path, "<p>{{ 'x' * 15000000 }}</p>")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["build", str(SAMPLE), "-o", str(out), "--templates", str(directory)]
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"模板错误：{template}: 一段文字过长：超过 9,000,000 字节（Word 文档中一段文字的上限）\n"
    )
    assert not out.exists()


def test_a_filter_running_long_is_stopped_by_the_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """wordwrap of a long text runs in Python code with no loop step the sandbox counts: the
    time limit still stops it (an alarm in the main thread). A limit of one second here, ten
    in use."""
    monkeypatch.setattr("reportgen.render.sandbox.TIME_LIMIT", 1.0)
    directory, template = override(tmp_path, "{{ ('a ' * 3000000) | wordwrap(1) | length }}")
    result = runner.invoke(
        app, ["build", str(SAMPLE), "-o", str(tmp_path / "out"), "--templates", str(directory)]
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"模板错误：{template}:3: 渲染时间超过上限（每份报告 1 秒）"
    ]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("line", "count"),
    [
        ("{{ ('x' * 19000000) | batch(1) | list | length }}", 19000000),
        ("{{ ([0] * 10**7) | length }}", 10**7),
        ("{{ ('x' * 3000000) | list | length }}", 3000000),
        ("{{ range(10) | slice(10**7) | list | length }}", 10**7),
    ],
    ids=["batch", "list-repetition", "list-filter", "slice"],
)
def test_lists_are_bounded_in_items(tmp_path: Path, line: str, count: int):
    directory, template = override(tmp_path, line)
    result = runner.invoke(
        app, ["build", str(SAMPLE), "-o", str(tmp_path / "out"), "--templates", str(directory)]
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"模板错误：{template}:3: 结果的项数过多：{count:,} 项（上限 1,000,000）"
    ]
