from __future__ import annotations

from conftest import ROOT

from reportgen.formats import description as formats

README = (ROOT / "README.md").read_text("utf-8")


def documented(name: str) -> bool:
    return f"`{name}`" in README or f"`[[{name}]]`" in README


def test_readme_documents_every_key():
    missing = []
    for format_id in ("2021", "2019"):
        fmt = formats.find(format_id)
        assert fmt is not None
        for key, spec in fmt.fields.items():
            if spec.type == "counts":
                if "`[counts.<list>]`" not in README:
                    missing.append(key)
                continue
            if spec.table is None:
                if not documented(key):
                    missing.append(key)
                continue
            *_, row, column = key.split(".")
            if not documented(row) or not documented(column):
                missing.append((format_id, key))
    assert missing == []


def test_readme_documents_the_twelve_part_keys():
    # The sixty indicators of the 统计表 are listed by `reportgen init`; the README names
    # the prose keys and the table's blocks.
    fmt = formats.find("twelve-part")
    assert fmt is not None
    missing = []
    for key, spec in fmt.fields.items():
        name = key.split(".")[1] if spec.table else key
        if spec.type != "counts" and not documented(name):
            missing.append(key)
    assert missing == []


def test_readme_quick_start_builds_the_sample():
    assert "reportgen build samples/2021-city-civil-affairs.toml -o out" in README
    assert ".venv/bin/python -m pytest" in README
