"""Whether the rendered content prints every field the year file gives a value.

A template (an office's override of a section block, or a format's own template) may leave a
field out; the clerk would then fill in a key that no report shows. After rendering, each
field with a value that the content does not contain is a warning naming the key, so a
format or template that drops a part is noticed at the next build. Fields a format declares
``internal`` (which format, where the templates are) are read by reportgen, never printed.
"""

from __future__ import annotations

import datetime
import re
from html import unescape
from typing import Any

from reportgen.figures import numbers
from reportgen.messages import findings
from reportgen.messages.findings import Finding

_TAG = re.compile(r"<[^>]*>")


def unprinted(year: Any, values: dict[str, Any], content: str) -> list[Finding]:
    """A warning for each field with a value whose text the content does not contain."""
    text = unescape(_TAG.sub("\n", content))
    found = []
    for spec in year.format.fields.values():
        # counts are there for the prose to cite, not to be printed as such
        if spec.table is not None or spec.internal or spec.type == "counts":
            continue
        if spec.key not in values:
            continue
        value = values[spec.key]
        if spec.type == "records":
            lines = [
                line
                for record in value or ()
                for item in spec.items
                for line in printed(record.get(item.key))
            ]
        else:
            lines = printed(value)
        if any(line not in text for line in lines):
            location = year.location(spec.key)
            found.append(findings.warning("field_unprinted", location, spec.key, label=spec.label))
    return found


def printed(value: Any) -> list[str]:
    """The texts a value prints as: its lines, a date in Chinese, a number as written."""
    if value is None or value == "" or value == ():
        return []
    if isinstance(value, datetime.date):
        return [numbers.chinese_date(value)]
    if isinstance(value, (list, tuple)):
        return [line for item in value for line in printed(item)]
    if isinstance(value, dict):
        return [line for item in value.values() for line in printed(item)]
    return [str(value)]
