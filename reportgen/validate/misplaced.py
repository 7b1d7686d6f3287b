"""Keys a table header above them took in: the commonest way a followed example breaks a file.

In TOML every key below a ``[table]`` header belongs to that table, so a header uncommented
above ``overview = …`` makes it ``counts.channels.overview``: the file then reports the value as
of the wrong type there and the field as missing, and only someone who knows TOML sees why.
This module replaces those findings with one per line that names the header and its line.
"""

from __future__ import annotations

from collections.abc import Iterator

from reportgen.formats.description import Format
from reportgen.messages import findings
from reportgen.messages.catalogue import Text
from reportgen.messages.findings import Finding
from reportgen.read.source import KeyPath, Source
from reportgen.validate.conversion import MISSING, lookup


def explain(source: Source, fmt: Format, found: list[Finding]) -> list[Finding]:
    """``found`` with the findings each misplaced key caused replaced by one that says why."""
    result = list(found)
    if not found:
        return result  # a misplaced key always shows as some finding; a clean file is not walked
    for path, header, key in _misplaced(source, fmt):
        written = ".".join(map(str, path))
        caused = [
            finding
            for finding in result
            if finding.key is not None
            and (
                finding.key == written
                or finding.key.startswith(written + ".")
                or (finding.code == "missing" and finding.key == key)
            )
        ]
        spec = fmt.fields[key]
        severity = (
            findings.ERROR
            if spec.required or any(finding.is_error for finding in caused)
            else findings.WARNING
        )
        at = next((i for i, finding in enumerate(result) if finding in caused), len(result))
        result = [finding for finding in result if finding not in caused]
        result.insert(
            min(at, len(result)),
            Finding(
                severity,
                "misplaced_key",
                source.location(path),
                written,
                {
                    "label": Text(spec.label, spec.label_en or spec.label),
                    "name": key,
                    "table": ".".join(str(part) for part in header if isinstance(part, str)),
                    "line": source.lines[header][0],
                },
            ),
        )
    return result


def _misplaced(source: Source, fmt: Format) -> Iterator[tuple[KeyPath, KeyPath, str]]:
    """(key path as read, the header above it, the field it was meant to be) for each key
    written below a header although it names a field the file does not give elsewhere."""
    for path, (line, _) in sorted(source.lines.items(), key=lambda item: item[1]):
        if path in source.files or len(path) < 2:
            continue  # inherited: the shared file is checked on its own
        header = next(
            (path[:end] for end in range(len(path) - 1, 0, -1) if path[:end] in source.lines),
            None,
        )
        if header is None or source.lines[header][0] >= line or header in source.files:
            continue
        rest = path[len(header) :]
        if not all(isinstance(part, str) for part in rest):
            continue
        key = ".".join(map(str, rest))
        if key not in fmt.fields or ".".join(map(str, path)) in fmt.fields:
            continue
        if lookup(source.data, key) is MISSING:
            yield path, header, key
