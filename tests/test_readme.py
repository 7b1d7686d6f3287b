"""The README's year-file reference names every key the 2021 format reads."""

from __future__ import annotations

from conftest import ROOT

from reportgen import formats


def test_readme_documents_every_key():
    readme = (ROOT / "README.md").read_text("utf-8")
    fmt = formats.find("2021")
    assert fmt is not None
    missing = []
    for key, spec in fmt.fields.items():
        if spec.table is None:
            if f"`{key}`" not in readme and f"`[[{key}]]`" not in readme:
                missing.append(key)
            continue
        *_, row, column = key.split(".")
        if f"`{row}`" not in readme or f"`{column}`" not in readme:
            missing.append(key)
    assert missing == []


def test_readme_quick_start_builds_the_sample():
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "reportgen build samples/2021-city-civil-affairs.toml -o out" in readme
    assert ".venv/bin/python -m pytest" in readme
