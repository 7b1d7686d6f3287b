"""Web and e-mail addresses given places to break, for both writers.

An address has no break opportunity of its own. Where it does not fit what is left of a line it
moves whole to the next, and the justified line it leaves is stretched: LibreOffice ignores the
reference's w:wordWrap="0" (it keeps it only to write it back), and a browser's `overflow-wrap`
breaks an address only where it would overflow. GB/T 15835 keeps numbers whole, so breaking all
Latin text anywhere is no answer either. The .docx gets a zero-width space after each / . @ _ -
inside an address (Word, WPS and LibreOffice all break there; LibreOffice leaves it out of a
PDF's text and the importer drops it); the HTML marks each address with a span that the CSS
lets break anywhere (writers/html.py), adding no character, so a copied address is whole.
"""

from __future__ import annotations

import re

ADDRESS = re.compile(r"(?:https?://|www\.)[\w./?&;=%#~:+-]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.ASCII)
# After a separator followed by more of the address: not after the first / of "//", not at its end.
_SEPARATOR = re.compile(r"([/.@_-])(?=\w)", re.ASCII)


def breakable(text: str, mark: str) -> str:
    """`text` with `mark` after each separator inside its web and e-mail addresses."""
    if "@" not in text and "/" not in text and "www." not in text:
        return text
    return ADDRESS.sub(lambda address: _SEPARATOR.sub(rf"\1{mark}", address.group()), text)
