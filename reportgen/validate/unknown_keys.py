"""Keys of a year file that its format does not know: a warning each, with the key probably
meant (a typo, or a top-level key written under a [table] header)."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from reportgen.formats.description import FieldSpec, Format
from reportgen.formats.specs import per_format
from reportgen.messages import findings
from reportgen.messages.catalogue import EXPECTED, Text, phrase
from reportgen.messages.findings import Finding
from reportgen.read.describe import describe
from reportgen.read.source import KeyPath, Source


@per_format
def _keys(fmt: Format) -> tuple[set[str], set[str], dict[str, FieldSpec]]:
    """The format's keys, the tables above them and its records, worked out once per format
    rather than for every year file of a batch."""
    known = set(fmt.fields)
    prefixes = {
        ".".join(key.split(".")[:end]) for key in known for end in range(1, key.count(".") + 1)
    }
    records = {key: spec for key, spec in fmt.fields.items() if spec.type == "records"}
    return known, prefixes, records


def unknown_keys(source: Source, fmt: Format) -> Iterator[Finding]:
    known, prefixes, records = _keys(fmt)

    def walk(node: dict[str, Any], path: tuple[str, ...]) -> Iterator[Finding]:
        for name, value in node.items():
            key = ".".join((*path, name))
            if key in records:
                items = {item.key for item in records[key].items}
                for index, item in enumerate(value if isinstance(value, list) else []):
                    for item_key in item if isinstance(item, dict) else []:
                        if item_key not in items:
                            yield unknown_key(source, (*path, name, index, item_key), sorted(items))
            elif key in known:
                continue
            elif key in prefixes and isinstance(value, dict):
                yield from walk(value, (*path, name))
            elif key in prefixes:  # a known table written as a value: not unknown, misplaced
                yield findings.error(
                    "wrong_type",
                    source.location((*path, name)),
                    key,
                    label=Text(key, key),
                    expected=EXPECTED["table"],
                    found=describe(value),
                    hint="",
                )
            else:
                yield unknown_key(source, (*path, name), sorted(known | prefixes))

    yield from walk(source.data, ())


def unknown_key(source: Source, path: KeyPath, choices: list[str]) -> Finding:
    key = ".".join(map(str, path))
    hint: Text | str = ""
    if len(path) > 1 and path[-1] in choices:
        # The commonest TOML slip: a top-level key written after a [table] header belongs to
        # that table.
        hint = phrase("hint_top_level", name=path[-1], table=".".join(map(str, path[:-1])))
    else:
        candidates = [choice for choice in choices if choice.count(".") == key.count(".")]
        close = difflib.get_close_matches(key, candidates or choices, n=1, cutoff=0.6)
        if close:
            hint = phrase("hint_close", close=close[0])
    location = source.location(path)
    if location.line is None:  # a table written only as [a.b]: at its first line
        below = [written for written in source.lines if written[: len(path)] == path]
        if below:
            location = source.location(min(below, key=source.lines.__getitem__))
    return findings.warning("unknown_key", location, key, hint=hint)
