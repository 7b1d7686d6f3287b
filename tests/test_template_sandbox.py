"""Templates from outside the package run sandboxed: every way out below is refused with a
TemplateError naming the template file and line, which the CLI prints as 模板错误 (exit 1, no
traceback), and nothing is written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import SAMPLE
from typer.testing import CliRunner

import reportgen
from reportgen.cli.commands import app
from reportgen.errors import TemplateError

HEAD = '{% extends "!default/2021/report.html.j2" %}\n{% block intro %}\n'
TAIL = "\n{% endblock %}\n"
OUTSIDE = "not a template name inside the search path"
# reportgen's own refusals, as the command line says them in Chinese; Jinja's stay English.
IN_CHINESE = {
    OUTSIDE: "不是模板搜索路径中的模板名",
    "a link to a file outside": "链接指向模板目录",
}
UNSAFE = "is unsafe"

# (name, the template's line 3, what the refusal says)
ATTEMPTS = [
    ("class-mro", "{{ ''.__class__.__mro__ }}", UNSAFE),
    ("subclasses", "{{ ().__class__.__base__.__subclasses__() }}", UNSAFE),
    ("cycler-globals", "{{ cycler.__init__.__globals__ }}", UNSAFE),
    ("joiner-globals", "{{ joiner.__init__.__globals__ }}", UNSAFE),
    ("namespace-globals", "{{ namespace.__init__.__globals__ }}", UNSAFE),
    ("lipsum-globals", "{{ lipsum.__globals__ }}", "'lipsum' is undefined"),
    ("template-context", "{{ self._TemplateReference__context }}", UNSAFE),
    ("attr-filter", "{{ report | attr('__class__') }}", UNSAFE),
    ("format-string", "{{ '{0.__class__}'.format(1) }}", UNSAFE),
    ("dict-update", "{% set x = report.update({}) %}", UNSAFE),
    ("list-append", "{{ report.problems.append(1) }}", UNSAFE),
    ("list-pop", "{{ [1, 2].pop() }}", UNSAFE),
    ("huge-range", "{{ range(10**9) | list }}", "Range too big"),
    ("huge-repetition", "{{ 'x' * 10**10 }}", "20,000,000"),
    ("huge-list-repetition", "{{ [0] * 10**10 }}", "1,000,000"),
    ("huge-power", "{{ 10 ** 1000000 }}", "4,000"),
    (
        "endless-recursion",
        "{% macro down(n) %}{{ down(n + 1) }}{% endmacro %}{{ down(0) }}",
        "maximum recursion depth",
    ),
    ("include-absolute", '{% include "/etc/passwd" %}', OUTSIDE),
    ("include-parent", '{% include "../../../etc/passwd" %}', OUTSIDE),
    ("include-default-parent", '{% include "!default/../../../etc/passwd" %}', OUTSIDE),
    ("include-backslashes", '{% include "..\\\\..\\\\etc\\\\passwd" %}', OUTSIDE),
    ("import-absolute", '{% import "/etc/passwd" as secrets %}', OUTSIDE),
    ("from-import-parent", '{% from "../../etc/passwd" import root %}', OUTSIDE),
    ("include-a-link-out", '{% include "2021/leak.html.j2" %}', "a link to a file outside"),
    ("include-via-a-folder-link", '{% include "etc/passwd" %}', "a link to a file outside"),
    # One file named 2021\other.html.j2, a link (the folder 2021 has no other.html.j2).
    (
        "include-a-backslash-link",
        '{% include "2021\\\\other.html.j2" %}',
        "a link to a file outside",
    ),
]
runner = CliRunner()


def templates(tmp_path: Path, body: str) -> tuple[Path, Path]:
    """A template directory overriding 2021/report.html.j2 with ``body``; and that file."""
    directory = tmp_path / "templates"
    (directory / "2021").mkdir(parents=True)
    template = directory / "2021" / "report.html.j2"
    template.write_text(body, "utf-8")
    os.symlink("/etc/passwd", directory / "2021" / "leak.html.j2")
    os.symlink("/etc", directory / "etc")
    os.symlink("/etc/passwd", directory / "2021\\other.html.j2")
    return directory, template


@pytest.mark.parametrize(
    ("attempt", "refusal"), [a[1:] for a in ATTEMPTS], ids=[a[0] for a in ATTEMPTS]
)
def test_refused_by_the_library(tmp_path: Path, attempt: str, refusal: str):
    directory, template = templates(tmp_path, HEAD + attempt + TAIL)
    with pytest.raises(TemplateError) as caught:
        reportgen.build(SAMPLE, tmp_path / "out", templates=[directory])
    assert (caught.value.name, caught.value.line) == (str(template), 3)
    assert refusal in caught.value.message
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("attempt", "refusal"), [a[1:] for a in ATTEMPTS], ids=[a[0] for a in ATTEMPTS]
)
def test_refused_on_the_command_line(tmp_path: Path, attempt: str, refusal: str):
    directory, template = templates(tmp_path, HEAD + attempt + TAIL)
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["build", str(SAMPLE), "-o", str(out), "--templates", str(directory)]
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output + result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith(f"模板错误：{template}:3: ") and IN_CHINESE.get(refusal, refusal) in line
    assert result.stdout == "" and not out.exists()


def test_extending_a_path_outside_is_refused(tmp_path: Path):
    directory, template = templates(tmp_path, '{% extends "../x" %}\n')
    with pytest.raises(TemplateError) as caught:
        reportgen.build(SAMPLE, tmp_path / "out", templates=[directory])
    assert (caught.value.name, caught.value.line) == (str(template), 1)
    assert caught.value.message == f"../x: {OUTSIDE}"


def test_an_honest_override_still_builds(tmp_path: Path):
    body = HEAD + "<p>本局自定义的前言，共{{ figures['requests.new.total'] }}件。</p>" + TAIL
    directory, _ = templates(tmp_path, body)
    built = reportgen.build(SAMPLE, tmp_path / "out", to=["html"], templates=[directory])
    assert "<p>本局自定义的前言，共22件。</p>" in built.paths[0].read_text("utf-8")
