"""The content markup parser (render/markup.py) reads a table cell holding only text as one
match of its expression: what it makes of such a cell must be what the start tag, the text and
the end tag read one by one make, errors and their lines included."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.errors import MarkupError
from reportgen.render import markup
from reportgen.render.markup import Cell, Run, Table, parse

_OPEN = ["<td>", "<th>", "<TD>", '<td class="num label">', '<th rowspan="2" colspan="3">']
_OPEN += ["<td colspan=x>", '<td a="x/>y">', "<td a=x/>", "<td/>", "<tdx>", "<td >", "<p>"]
_CLOSE = ["</td>", "</th>", "</TD>", "</td >", "</p>", ""]
_TEXT = ["甲", "1,234", "&amp;", "&#10;", "\n", "  ", "<", ">", "a < b", "<br>", "<b>", "</b>"]
_TEXT += ["<strong>", "<!-- c -->", "</tr><tr>", "<table>"]
_CELLS = st.tuples(
    st.sampled_from(_OPEN), st.lists(st.sampled_from(_TEXT), max_size=4), st.sampled_from(_CLOSE)
).map(lambda cell: cell[0] + "".join(cell[1]) + cell[2])
_ROWS = st.lists(st.lists(_CELLS, max_size=4).map(lambda cells: "<tr>" + "".join(cells)))
# Mostly well-formed tables (rows of cells, some not closed, some holding other tags), and
# what comes before and after them.
_CONTENT = st.tuples(
    st.sampled_from(["", "<p>", "<table>", "<table><thead>", "\n", "<td>1</td>"]),
    _ROWS.map("</tr>\n".join),
    st.sampled_from(["", "</table>", "</tr></table>", "</thead></table><p>x</p>"]),
).map("".join)


def _outcome(content: str) -> object:
    try:
        return parse(content)
    except MarkupError as error:
        return ("error", str(error), error.line)


# The parser's expression with its first alternative, a whole cell, never matching ((?!)):
# every cell is then read tag by tag.
_BY_TAGS = re.compile(markup._TAG.pattern.replace("(t[dh])", "(t[dh])(?!)", 1), markup._TAG.flags)


@settings(max_examples=1500, deadline=None)
@given(_CONTENT)
def test_a_cell_read_in_one_match_is_read_as_tag_by_tag(content: str):
    with mock.patch.object(markup, "_TAG", _BY_TAGS):
        by_tags = _outcome(content)
    assert _outcome(content) == by_tags


def test_cells_keep_their_text_spans_and_classes():
    content = (
        '<table><tr><th colspan="2" class="caption">表&amp;一</th></tr>\n'
        '<tr><td class="label">一、\n  收到</td><td class="num">1,234</td></tr>\n'
        "<tr><td><b>粗</b>细</td><td></td></tr></table>"
    )
    (table,) = parse(content)
    assert isinstance(table, Table)
    assert table.rows == [
        [Cell([Run("表&一")], True, 1, 2, ("caption",))],
        [Cell([Run("一、收到")], False, 1, 1, ("label",)), Cell([Run("1,234")], classes=("num",))],
        [Cell([Run("粗", True), Run("细")]), Cell([])],
    ]


def test_a_cell_outside_a_row_is_an_error_at_its_line():
    with pytest.raises(MarkupError) as error:
        parse("<table>\n\n<td>1</td></table>")
    assert error.value.line == 3
    assert "<td> outside <tr>" in str(error.value)


def test_a_long_unfinished_tag_is_text_read_at_once():
    """A run of attribute letters with no end of tag is text (here outside a block): read in
    time linear in its length, not by trying every way to cut it into attribute names."""
    for tag in ("<td ", "<p ", '<td class="a" '):
        with pytest.raises(MarkupError) as error:
            parse("<p>x</p>" + tag + "a" * 200)
        assert f"text outside a block: '{tag.strip()}" in str(error.value)
