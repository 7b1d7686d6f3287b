"""The bad-input corpus: each case of bad_input/cases.toml is a small year file and exactly what
the clerk sees from the real CLI (stderr, exit status); the year file is never modified, and a
build either writes every output or nothing.

A case's year file is ``text`` (whole), or the MINIMAL file of conftest with ``replace``
([old, new] pairs) and ``extra`` (appended); ``encoding`` writes it in another encoding (with
``bom``, hex, before it) and ``extra_hex`` appends bytes as they are. ``hex`` gives the bytes
themselves, ``copy`` a file of the repository, ``directory``, ``missing`` or ``special``
(``fifo``, ``socket``, ``dev-zero``: a link to /dev/zero) what the path is instead; ``pad``
appends a comment line of that many bytes, ``repeat`` ([text, count] pairs) texts repeated.
Beside the year file, ``files`` (path → text), ``files_hex`` (path → bytes in hex), ``dirs``,
``fifos`` and ``links`` (path → target) are made. ``expected`` may say ``{file}`` for the path,
``{dir}`` for its directory (``args`` too), ``{line:TEXT}`` for the line of the first
occurrence of TEXT in the year file, ``{this_year}``; ``{output}`` is the output directory of a
``build``.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import MINIMAL, ROOT
from docx import Document
from typer.testing import CliRunner

import reportgen
from reportgen.cli.commands import app
from reportgen.errors import InputError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

CORPUS = Path(__file__).parent / "bad_input" / "cases.toml"
CASES: list[dict[str, Any]] = tomllib.loads(CORPUS.read_text("utf-8"))["case"]
KEYS = {
    "name",
    "text",
    "replace",
    "extra",
    "extra_hex",
    "encoding",
    "bom",
    "hex",
    "copy",
    "directory",
    "missing",
    "file_name",
    "args",
    "commands",
    "output",
    "exit",
    "expected",
    "contains",
    "special",
    "pad",
    "files",
    "files_hex",
    "dirs",
    "fifos",
    "links",
    "repeat",
}
NAME = "测试县统计局2025年政府信息公开工作年度报告"
runner = CliRunner()


def test_the_corpus_is_well_formed():
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    assert len(CASES) >= 100
    for case in CASES:
        assert set(case) <= KEYS, (case["name"], set(case) - KEYS)
        assert "expected" in case, case["name"]


def write(case: dict[str, Any], directory: Path) -> tuple[Path, str | None]:
    """The case's year file, written; and its text where it has one (for ``{line:…}``)."""
    path = directory / case.get("file_name", "year.toml")
    beside(case, directory)
    if case.get("missing"):
        return path, None
    if case.get("special") == "fifo":
        os.mkfifo(path)
        return path, None
    if case.get("special") == "socket":
        import socket

        with socket.socket(socket.AF_UNIX) as listening:
            listening.bind(str(path))
        return path, None
    if case.get("special") == "dev-zero":
        path.symlink_to("/dev/zero")
        return path, None
    if case.get("directory"):
        path.mkdir()
        return path, None
    if "hex" in case:
        path.write_bytes(bytes.fromhex(case["hex"]))
        return path, None
    if "copy" in case:
        shutil.copyfile(ROOT / case["copy"], path)
        return path, None
    text = case.get("text", MINIMAL)
    for old, new in case.get("replace", []):
        assert old in text, (case["name"], old)
        text = text.replace(old, new)
    text += case.get("extra", "")
    for piece, count in case.get("repeat", []):
        text += piece * count
    if "pad" in case:
        text += "#" + "x" * case["pad"] + "\n"
    encoding = case.get("encoding", "utf-8")
    appended = bytes.fromhex(case.get("extra_hex", ""))
    path.write_bytes(bytes.fromhex(case.get("bom", "")) + text.encode(encoding) + appended)
    return path, text


def beside(case: dict[str, Any], directory: Path) -> None:
    """The files a case makes beside its year file: shared files, templates, special files."""
    for name in case.get("dirs", []):
        (directory / name).mkdir(parents=True)
    for name, content in [*case.get("files", {}).items(), *case.get("files_hex", {}).items()]:
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if name in case.get("files_hex", {}):
            target.write_bytes(bytes.fromhex(content))
        else:
            target.write_text(content, "utf-8")
    for name in case.get("fifos", []):
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(directory / name)
    for name, target in case.get("links", {}).items():
        (directory / name).symlink_to(target)


def expected(case: dict[str, Any], path: Path, text: str | None, output: Path) -> str:
    def line(match: re.Match[str]) -> str:
        assert text is not None, case["name"]
        wanted = match.group(1)
        lines = text.split("\n")
        return str(next(number for number, line in enumerate(lines, 1) if wanted in line))

    message = re.sub(r"\{line:(.+?)\}", line, case["expected"])
    return (
        message.replace("{file}", str(path))
        .replace("{output}", str(output))
        .replace("{this_year}", str(date.today().year))
        .replace("{dir}", str(path.parent))
    )


def passed(stderr: str, english: bool) -> str:
    """What a successful check prints: the findings, then its count as a success (the cases
    give the count as build prints it)."""
    lines = stderr.splitlines()
    if english:
        count, prefix = r"\d+ error\(s\), \d+ warning\(s\)", "check passed: "
    else:
        count, prefix = r"\d+ 个错误，\d+ 个警告", "检查通过："
    if not lines or not re.fullmatch(count, lines[-1]):
        return (
            stderr
            + prefix
            + ("0 error(s), 0 warning(s)" if english else "0 个错误，0 个警告")
            + "\n"
        )
    return "\n".join([*lines[:-1], prefix + lines[-1]]) + "\n"


def digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_case(case: dict[str, Any], tmp_path: Path):
    path, text = write(case, tmp_path)
    before = digest(path)
    output = tmp_path / case.get("output", "out")
    if "output" in case:  # a path under a regular file: the directory cannot be made
        (tmp_path / case["output"].split("/")[0]).write_text("a file, not a directory")
    for command in case.get("commands", ["check"]):
        extra = [arg.replace("{dir}", str(tmp_path)) for arg in case.get("args", [])]
        arguments = [command, str(path), *extra]
        if command == "build":
            arguments += ["-o", str(output)]
        result = runner.invoke(app, arguments)
        assert "Traceback" not in result.output + result.stderr, result.stderr
        wanted = expected(case, path, text, output)
        if command == "check" and case.get("exit", 1) == 0:
            wanted = passed(wanted, "en" in case.get("args", []))
        assert result.stderr == wanted, command
        assert result.exit_code == case.get("exit", 1), command
        if command == "build":
            check_outputs(case, output, result.exit_code, result.stdout)
    assert digest(path) == before  # the year file is never written


def check_outputs(case: dict[str, Any], output: Path, exit_code: int, stdout: str) -> None:
    """A failed build writes nothing; a successful one a .docx that opens and an .html, each
    with the texts the case lists (no mojibake, nothing lost)."""
    written = sorted(output.iterdir()) if output.is_dir() else []
    if exit_code != 0:
        assert written == [] and stdout == ""
        return
    assert [path.suffix for path in written] == [".docx", ".html"]
    assert stdout.splitlines() == [str(path) for path in written]
    document = Document(str(written[0]))
    body = "\n".join(paragraph.text for paragraph in document.paragraphs)
    page = written[1].read_text("utf-8")
    for wanted in case.get("contains", []):
        assert wanted in body and wanted in page, wanted


def test_a_directory_given_to_the_library(tmp_path: Path):
    """The CLI takes a directory as a batch of year files; the library says what it is."""
    with pytest.raises(InputError) as caught:
        reportgen.check(tmp_path)
    assert [finding.render("zh") for finding in caught.value.findings] == [
        f"{tmp_path}: 这是一个目录，不是年度数据文件"
    ]


NEW_NATURAL = (
    "requests.new.natural_person: 「一、本年新收政府信息公开申请数量 / 自然人」应为非负整数，"
)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("9" * 5000, "TOML 语法错误：数字的位数太多（上千位），无法读取"),
        (
            "9" * 4000,
            f"{NEW_NATURAL}实际为整数 {'9' * 30}…（超出可处理的范围，最大为 9223372036854775807）",
        ),
        (
            f'"{"9" * 5000}"',
            f'{NEW_NATURAL}实际为文字 "{"9" * 30}…"',
        ),
    ],
    ids=["unquoted-5000", "unquoted-4000", "quoted-5000"],
)
def test_a_count_of_thousands_of_digits(year_file, value: str, message: str):
    """Python refuses to convert integers of more than 4300 digits: still a message."""
    path = year_file(f"\n[requests.new]\nnatural_person = {value}\n")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{path}:23: {message}", "1 个错误，0 个警告"]


def test_five_megabytes_of_prose(tmp_path: Path):
    """A 5 MB text (a whole report pasted into one field) is checked and built in seconds."""
    paragraph = "本年度主动公开政府信息，及时回应社会关切。" * 40
    prose = "\n".join([paragraph] * (5 * 2**20 // len(paragraph.encode())))
    path = tmp_path / "year.toml"
    path.write_text(MINIMAL + f'matters = """\n{prose}"""\n', "utf-8")
    assert path.stat().st_size > 5 * 10**6
    started = time.monotonic()
    result = runner.invoke(app, ["build", str(path), "-o", str(tmp_path / "out")])
    assert time.monotonic() - started < 30
    assert result.exit_code == 0 and result.stderr == ""
    page = (tmp_path / "out" / f"{NAME}.html").read_text("utf-8")
    assert page.count(paragraph) == prose.count(paragraph)
    document = Document(str(tmp_path / "out" / f"{NAME}.docx"))
    texts = [block.text for block in document.paragraphs]
    assert texts.count(paragraph) == prose.count(paragraph)
