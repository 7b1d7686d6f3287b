"""One function turns any error into findings (messages/describe.of_error); the command line's
help comes from the catalogue in the language asked for; an import is checked by a run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import SAMPLE

from reportgen.errors import OutputError, TemplateMissing, ToolMissing
from reportgen.importers import report as importer
from reportgen.messages import catalogue as messages
from reportgen.messages.describe import of_error
from reportgen.messages.findings import Location
from reportgen.runs import importing


def test_a_missing_tool_names_its_own_install_line() -> None:
    for tool, outputs, install in (
        ("LibreOffice", "PDF/PNG", "install_libreoffice"),
        ("LibreOffice", "PNG", "install_libreoffice"),
        ("pdftoppm", "PNG", "install_poppler"),
    ):
        [finding] = of_error(ToolMissing(tool, outputs))
        hint = messages.text(install, "en", {})
        assert finding.render("en") == f"{outputs} not made: {tool} is not installed. {hint}"


def test_an_error_that_is_not_reportgen_s_is_said_to_be_a_bug() -> None:
    [finding] = of_error(KeyError("agency"), Location("a.toml"))
    assert finding.code == "internal"
    assert finding.render("en") == (
        "a.toml: internal error in reportgen (please report this to the maintainers):"
        " KeyError: 'agency'"
    )


def test_each_error_keeps_where_it_happened() -> None:
    [finding] = of_error(OutputError("out/r.docx", "disk full"), Location("a.toml"))
    assert finding.render("en").startswith("a.toml: ")
    assert "out/r.docx" in finding.render("en") and "disk full" in finding.render("en")
    [missing] = of_error(TemplateMissing("2021/x.j2", ("one", "two")))
    assert missing.code == "template_missing"
    assert "one；two" in missing.render("zh")


def _help(*arguments: str, lang: str) -> str:
    environment = {"PATH": "/usr/bin:/bin", "LANG": lang, "COLUMNS": "200"}
    result = subprocess.run(
        [sys.executable, "-m", "reportgen", *arguments, "--help"],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
    )
    return result.stdout


def test_help_is_in_the_language_of_the_locale_or_of_lang() -> None:
    chinese = _help("check", lang="zh_CN.UTF-8")
    assert messages.text("help_check", "zh", {}) in chinese
    assert messages.text("help_strict", "zh", {}) in chinese
    english = _help("check", "--lang", "en", lang="zh_CN.UTF-8")
    assert messages.text("help_check", "en", {}) in english
    assert messages.text("help_strict", "zh", {}) not in english
    assert messages.text("help_templates_app", "en", {}) in _help("templates", lang="en_GB.UTF-8")


def test_the_importer_reads_and_the_run_checks(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "reportgen", "build", str(SAMPLE), "-o", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    page = Path(next(line for line in built.stdout.splitlines() if line.endswith(".html")))
    read = importer.import_report(page)
    assert read.findings == []  # the importer checks nothing: importers sit below the runs
    assert read.anchor == page.with_suffix(".toml")
    checked = importing.import_report(page)
    assert checked.text == read.text
    assert checked.errors == []
    assert checked.findings == [
        *importing.single.check_text(read.text, page.with_suffix(".toml")).findings
    ]
