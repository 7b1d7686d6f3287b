"""The console script turns into a Click command only the command its line names (issue 15:
converting all of them was about 10 ms of every start); its help and errors stay the app's."""

from __future__ import annotations

import subprocess
import sys

from reportgen.cli.commands import app, only


def test_a_named_command_is_all_that_is_built() -> None:
    check = only(["check"])
    assert [info.name for info in check.registered_commands] == ["check"]
    assert check.registered_groups == []
    templates = only(["templates"])
    assert templates.registered_commands == []
    assert [info.name for info in templates.registered_groups] == ["templates"]
    assert len(app.registered_commands) == 9  # the app itself is left whole


def test_an_option_or_an_unknown_name_gets_the_whole_app() -> None:
    assert only([]) is app
    assert only(["--help"]) is app
    assert only(["chek"]) is app


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    script = "from reportgen.cli.commands import main; main()"
    env = {"COLUMNS": "100", "REPORTGEN_LANG": "en", "PATH": ""}
    return subprocess.run(
        [sys.executable, "-c", script, *argv], capture_output=True, text=True, env=env
    )


def test_a_mistyped_command_is_still_named_with_its_neighbours() -> None:
    result = _run("chek")
    assert result.returncode == 2
    assert "No such command 'chek'. Did you mean 'check', 'schema'?" in result.stderr


def test_a_command_s_help_names_it_under_the_program() -> None:
    result = _run("check", "--help")
    assert result.returncode == 0
    assert "Usage: reportgen check [OPTIONS] {year_files}..." in result.stdout
