"""The message catalogue: the .po files parse, hold every code the code base uses in both
languages with the same parameters, and an office's catalogue changes only what it holds."""

from __future__ import annotations

import ast
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from reportgen.messages import catalogue, compiled
from reportgen.messages.catalogue import EXPECTED, phrase, text

ROOT = Path(__file__).resolve().parents[1]
MESSAGES = ROOT / "templates" / "base" / "messages"
# Calls whose first argument is a message code (findings, phrases, exceptions' messages).
CODE_TAKERS = {"phrase", "text", "error", "warning", "Finding"}
CODE = re.compile(r"^[a-z][a-z0-9_]*$")


def _entries(lang: str) -> dict[str, str]:
    with (MESSAGES / f"{lang}.po").open("rb") as po:
        catalog = read_po(po, abort_invalid=True)
    return {message.id: message.string for message in catalog if message.id}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _codes_used() -> dict[str, str]:
    """Each code passed as a literal to a call taking one (or as ``code=``), with where."""
    used: dict[str, str] = {}
    for path in sorted((ROOT / "reportgen").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            candidates = [k.value for k in node.keywords if k.arg == "code"]
            if name in CODE_TAKERS and node.args:
                candidates.append(node.args[0])
            for candidate in candidates:
                value = candidate.value if isinstance(candidate, ast.Constant) else None
                if isinstance(value, str) and CODE.match(value):
                    used[value] = f"{path.relative_to(ROOT)}:{node.lineno}"
    return used


def test_both_catalogues_parse_and_hold_the_same_codes_with_the_same_parameters():
    zh, en = _entries("zh"), _entries("en")
    assert len(zh) > 150
    assert set(zh) == set(en)
    # tomllib's syntax errors: the English is tomllib's own message, passed through whole.
    passed_through = {code for code in en if en[code] == "{message}"}
    mismatched = {
        code for code in set(zh) - passed_through if _fields(zh[code]) != _fields(en[code])
    }
    assert mismatched == set()
    assert all(zh[code] and en[code] for code in zh)


def test_every_code_the_code_base_uses_is_in_both_languages():
    zh, en = _entries("zh"), _entries("en")
    used = _codes_used()
    assert len(used) > 100
    missing = {code: where for code, where in used.items() if code not in zh or code not in en}
    assert missing == {}


def test_the_catalogue_module_holds_no_message_text():
    """Entries appended to CATALOGUE on a branch move into the .po files (README: Messages)."""
    source = (ROOT / "reportgen" / "messages" / "catalogue.py").read_text(encoding="utf-8")
    assert re.findall(r"[\u4e00-\u9fff]", source) == []
    assert catalogue.CATALOGUE == {}


def test_messages_read_from_the_catalogue_in_both_languages():
    hint = phrase("hint_number", number=3)
    params = {"label": "收到申请数", "expected": EXPECTED["count"], "found": "文字", "hint": hint}
    assert text("wrong_type", "zh", params) == (
        "「收到申请数」应为非负整数，实际为文字（请直接写数字 3，不加引号和单位）"
    )
    assert text("wrong_type", "en", params) == (
        '"收到申请数": expected a whole number, 0 or more, found 文字 (write 3, without quotes'
        " or units)"
    )
    assert text("reference_syntax", "en", {"reference": "{x"}).endswith("write {{ or }}")
    with pytest.raises(KeyError):
        text("no_such_message", "zh", {})
    assert set(EXPECTED) >= {"count", "text", "table"}


def _office(tmp_path: Path, lang: str, entries: dict[str, str]) -> Path:
    folder = tmp_path / "office"
    (folder / "base" / "messages").mkdir(parents=True, exist_ok=True)
    body = "".join(f'msgid "{code}"\nmsgstr "{wording}"\n\n' for code, wording in entries.items())
    header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    (folder / "base" / "messages" / f"{lang}.po").write_text(header + body, encoding="utf-8")
    return folder


@pytest.fixture
def restore_catalogue():
    yield
    catalogue.use(())


def test_an_office_catalogue_changes_its_entries_and_leaves_the_others(tmp_path, restore_catalogue):
    before = text("file_missing", "zh", {})
    office = _office(tmp_path, "zh", {"file_unreadable": "本单位无法读取该文件（{reason}）"})
    catalogue.use([office])
    said = text("file_unreadable", "zh", {"reason": "权限不足"})
    assert said == "本单位无法读取该文件（权限不足）"
    assert text("file_missing", "zh", {}) == before
    assert text("file_unreadable", "en", {"reason": "x"}) == "cannot read the file: x"
    catalogue.use(())
    assert text("file_unreadable", "zh", {"reason": "x"}) == "无法读取文件：x"


def test_an_office_wording_naming_an_unknown_parameter_gives_way_to_the_builtin(
    tmp_path, restore_catalogue
):
    catalogue.use([_office(tmp_path, "zh", {"file_unreadable": "无法读取：{reson}"})])
    assert text("file_unreadable", "zh", {"reason": "x"}) == "无法读取文件：x"


def test_the_template_search_path_registers_the_office_catalogue(tmp_path, restore_catalogue):
    from reportgen.render.templating import SearchPath

    office = _office(tmp_path, "en", {"file_missing": "no such file here"})
    SearchPath((office,))
    assert text("file_missing", "en", {}) == "no such file here"
    SearchPath(())
    assert text("file_missing", "en", {}) == "file not found"


def test_the_compiled_catalogue_is_cached_and_used_without_a_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    po = MESSAGES / "en.po"
    first = compiled.load(po)
    stored = list((tmp_path / "cache" / "reportgen" / "messages").glob("*.mo"))
    assert len(stored) == 1
    assert compiled.load(po).get("file_missing") == first.get("file_missing") == "file not found"
    stored[0].write_bytes(b"damaged")
    assert compiled.load(po).get("file_missing") == "file not found"
    assert stored[0].read_bytes() == compiled.compile_po(po.read_bytes())
    monkeypatch.setattr(compiled.cache, "directory", lambda name: None)
    assert compiled.load(po).get("no_such_message") is None


def test_a_message_said_by_the_command_comes_from_the_catalogue(tmp_path):
    missing = tmp_path / "none.toml"
    result = subprocess.run(
        [sys.executable, "-m", "reportgen", "check", str(missing), "--lang", "en"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert "file not found" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
