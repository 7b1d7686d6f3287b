"""Each table cell's opening tag, and each data row's static markup, made once per format
description rather than once per report.

A cell's tag (``<td class="num" data-key="…">``, ``<th class="note" rowspan="3" colspan="3">``)
depends only on the format: its row's role, its classes, its spans and its key. The base
``table`` macro prints it as ``cell.tag`` instead of building it from ``header_cell`` and
``spans`` calls (hundreds of sandboxed macro calls a report, most of the rendering time).
Those macros stay for templates that call them, and make the same tags.

A table's columns, header and body (``<colgroup>`` … ``</tbody>``) are static too but for the
figures: the macro prints ``table.static`` filled with a report's ``cell_text`` (the ``filled``
filter), one call per table instead of a loop step and two escapes per figure.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from reportgen.render.bounds import MAX_TEXT, too_long


def add_tags(table: dict[str, Any]) -> None:
    """Give every cell of a plain table description (header rows and body rows) its ``tag``."""
    for row in table["header"]:
        for cell in row["cells"]:
            cell["tag"] = _header_tag(cell, "header")
    for row in table["rows"]:
        data = row["role"] == "data"
        for cell in row["cells"]:
            cell["tag"] = _body_tag(cell) if data else _header_tag(cell, row["role"])
        if data:
            row["parts"] = _parts(row["cells"])
    # The rows and header rows it was made from: the macro prints it only for these same lists,
    # not for a table a template made from this one with other rows (dict(table, rows=…)).
    table["static"] = {
        "header": table["header"],
        "rows": table["rows"],
        "widths": table["widths"],
        "parts": _static(table),
    }


def _static(table: dict[str, Any]) -> tuple[tuple[Markup, str | None], ...]:
    """The table's columns, ``<thead>`` and ``<tbody>`` as the base ``table`` macro prints
    them, in the pieces of row.parts: markup up to a figure and that figure's key, then the
    rest."""
    parts: list[tuple[Markup, str | None]] = []
    end_th = Markup("</th>")
    pieces: list[Markup] = []
    if table["widths"]:
        pieces.append(Markup("<colgroup>"))
        pieces += [Markup('<col style="width: %s%%">') % width for width in table["widths"]]
        pieces.append(Markup("</colgroup>\n"))
    if table["header"]:
        pieces.append(Markup("<thead>\n"))
        for row in table["header"]:
            pieces.append(Markup("<tr>"))
            pieces += [cell["tag"] + escape(cell["text"]) + end_th for cell in row["cells"]]
            pieces.append(Markup("</tr>\n"))
        pieces.append(Markup("</thead>\n"))
    pieces.append(Markup("<tbody>\n"))
    for row in table["rows"]:
        pieces.append(Markup('<tr class="%s">') % row["role"])
        if row["role"] == "data":
            for html, key in row["parts"]:
                pieces.append(html)
                if key:
                    parts.append((Markup("").join(pieces), key))
                    pieces = []
        else:
            pieces += [cell["tag"] + escape(cell["text"]) + end_th for cell in row["cells"]]
        pieces.append(Markup("</tr>\n"))
    pieces.append(Markup("</tbody>"))
    parts.append((Markup("").join(pieces), None))
    return tuple(parts)


# What markupsafe.escape makes of a str, as str.translate does it without a Markup per value.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "'": "&#39;", '"': "&#34;"})


def filled(parts: Any, values: Any) -> Markup:
    """``parts`` (pairs of markup and a key, as table.static.parts and row.parts) with the
    escaped value of each key in ``values`` after its markup: ``{{ row.parts |
    filled(cell_text) }}``. A piece that is not Markup is escaped; a key ``values`` lacks is an
    error, as ``cell_text[key]`` is."""
    pieces: list[str] = []
    size = 0
    for html, key in parts:
        piece = html if isinstance(html, Markup) else str(escape(html))
        pieces.append(piece)
        size += len(piece)
        if key:
            value = values[key]
            text = value.translate(_ESCAPES) if type(value) is str else str(escape(value))
            pieces.append(text)
            size += len(text)
        # Bounded as it grows: a template's own parts could repeat one long text a million times.
        if size > MAX_TEXT:
            raise too_long(size)
    return Markup("".join(pieces))


def _parts(cells: list[dict[str, Any]]) -> tuple[tuple[Markup, str | None], ...]:
    """A data row as the base table prints it: pairs of the row's markup up to a value cell's
    text and that cell's key, then the rest of the row with no key. The label cells are
    static, so a row is one loop step per figure rather than one per cell."""
    parts: list[tuple[Markup, str | None]] = []
    before = Markup("")
    for cell in cells:
        if cell["key"]:
            parts.append((before + cell["tag"], cell["key"]))
            before = Markup("</td>")
        else:
            before += cell["tag"] + escape(cell["text"]) + Markup("</td>")
    parts.append((before, None))
    return tuple(parts)


def _spans(cell: dict[str, Any]) -> str:
    spans = f' rowspan="{escape(cell["rowspan"])}"' if cell["rowspan"] > 1 else ""
    return spans + (f' colspan="{escape(cell["colspan"])}"' if cell["colspan"] > 1 else "")


def _header_tag(cell: dict[str, Any], role: str) -> Markup:
    """What the ``header_cell`` macro opens."""
    classes = (["caption"] if role == "caption" else []) + list(cell["classes"])
    attribute = f' class="{escape(" ".join(classes))}"' if classes else ""
    return Markup(f"<th{attribute}{_spans(cell)}>")


def _body_tag(cell: dict[str, Any]) -> Markup:
    """A value cell (the figure of its key) or a label cell of a data row."""
    if cell["key"]:
        return Markup(f'<td class="num"{_spans(cell)} data-key="{escape(cell["key"])}">')
    classes = (["label"] if "unit" not in cell["classes"] else []) + list(cell["classes"])
    return Markup(f'<td class="{escape(" ".join(classes))}"{_spans(cell)}>')
