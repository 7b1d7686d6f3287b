"""The user-facing Chinese of reading, validating, formats and figures is in the message
catalogue: no string literal in those packages holds Chinese words, only numerals, units and
date characters that patterns and numeral tables need, and punctuation."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from reportgen.messages.catalogue import builtin_folder, phrase

PACKAGE = Path(__file__).resolve().parents[1] / "reportgen"
# formats/skeleton.py (the year file `init` writes) is the catalogue work of another part.
MODULES = sorted(
    path
    for folder in ("read", "validate", "formats", "figures")
    for path in (PACKAGE / folder).glob("*.py")
    if path.name != "skeleton.py"
)
# Numerals (一百零三, 两), the units clerks add to counts (3件), 万元, and 年月日 of dates.
ALLOWED = set("零〇一二两三四五六七八九十百千万件条个次人篇项家元年月日")
IDEOGRAPH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
RANGE = re.compile(r".-.", re.DOTALL)  # a regular expression's character range: [一-鿿]


def _chinese_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in docstrings:
                continue
            words = set(IDEOGRAPH.findall(RANGE.sub("", node.value))) - ALLOWED
            if words:
                found.append(node.value)
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_no_chinese_words_outside_the_catalogue(path: Path):
    assert _chinese_literals(path) == []


def test_the_check_finds_a_chinese_word(tmp_path: Path):
    module = tmp_path / "module.py"
    module.write_text('"""文档字符串。"""\nDIGITS = "一二三"\nLABEL = "共享文件"\n', "utf-8")
    assert _chinese_literals(module) == ["共享文件"]


def test_every_entry_of_this_block_is_worded_in_both_languages():
    with (builtin_folder() / "zh.po").open("rb") as po:
        every = [message.id for message in read_po(po) if message.id]
    codes = [
        code
        for code in every
        if code.startswith(("found_", "file_kind_", "label_", "tomllib_", "schema_"))
        or code == "year_schema_title"
    ]
    assert len(codes) > 90
    params = {"word": "w", "number": 1, "text": "t", "value": "v", "item": "i", "name": "n"}
    for code in codes:
        worded = phrase(code, message="tomllib's words", **params)
        assert IDEOGRAPH.search(worded.zh) or code.startswith("schema_found_bool"), code
        # English throughout, but for the Chinese a description quotes (such as “六”).
        assert not IDEOGRAPH.search(re.sub(r"“[^”]*”", "", worded.en)), code
