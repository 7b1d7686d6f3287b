"""Every user-facing message, in Chinese (the default) and English.

The messages themselves are gettext catalogues, ``templates/base/messages/zh.po`` and
``en.po``: the message's code is the msgid, its text (``{name}`` for a parameter) the msgstr.
An office changes wording the way it changes templates: ``base/messages/zh.po`` in its templates
folder, holding only the entries it changes, wins over the built-in one (:func:`use`).

Messages are looked up by code and formatted with their parameters. A parameter may itself be
a :class:`Text` (a phrase in both languages), resolved to the message's language.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen.errors import Text as Text

if TYPE_CHECKING:
    from reportgen.messages.compiled import Messages


LANGUAGES = ("zh", "en")

# Entries added in code on a branch, before they move into the .po files (README: Messages);
# the .po files win over them. Empty on main.
CATALOGUE: dict[str, Text] = {}

_EXPECTED_TYPES = (
    "count",
    "signed",
    "amount",
    "text",
    "paragraphs",
    "date",
    "year",
    "records",
    "counts",
    "table",
)


class _Expected(Mapping[str, Text]):
    """What a field of each value type should hold, as said to the user (``expected_<type>``)."""

    def __getitem__(self, kind: str) -> Text:
        if kind not in _EXPECTED_TYPES:
            raise KeyError(kind)
        return phrase(f"expected_{kind}")

    def __iter__(self) -> Iterator[str]:
        return iter(_EXPECTED_TYPES)

    def __len__(self) -> int:
        return len(_EXPECTED_TYPES)


EXPECTED: Mapping[str, Text] = _Expected()


@functools.cache
def builtin_folder() -> Path:
    """The built-in catalogues: inside the wheel's templates, or at the checkout's top. Found
    once per process (resolved): every report's search path asks for it."""
    package = Path(__file__).resolve().parents[1]  # reportgen/, above messages/
    installed = package / "templates"
    templates = installed if installed.is_dir() else package.parent / "templates"
    return (templates / "base" / "messages").resolve()


_office: tuple[Path, ...] = ()
_layers: dict[str, tuple[Messages, ...]] = {}


def use(search_directories: Iterable[Path]) -> None:
    """Take the wording of the offices' catalogues (``<dir>/base/messages/<lang>.po``) in the
    templates folders of a search path, the first folder winning, for the rest of the process."""
    global _office
    folders = tuple(Path(d) / "base" / "messages" for d in search_directories)
    builtin = builtin_folder()
    folders = tuple(f for f in folders if f.is_dir() and f.resolve() != builtin)
    if folders != _office:
        _office = folders
        _layers.clear()


def _catalogues(lang: str) -> tuple[Messages, ...]:
    layers = _layers.get(lang)
    if layers is None:
        # Loaded at the first message said: a run that says none pays nothing.
        from reportgen.messages import compiled

        files = [folder / f"{lang}.po" for folder in (*_office, builtin_folder())]
        layers = _layers[lang] = tuple(compiled.load(path) for path in files if path.is_file())
    return layers


def _template(code: str, lang: str) -> Iterator[str]:
    """The message's text in ``lang``, the office's first, then the built-in one."""
    for layer in _catalogues(lang):
        message = layer.get(code)
        if message is not None:
            yield message
    if code in CATALOGUE:
        yield CATALOGUE[code].get(lang)


def phrase(code: str, **params: Any) -> Text:
    """A catalogue entry formatted in both languages, for use as another message's parameter
    (whose own parameters may be phrases in turn)."""
    return Text(text(code, "zh", params), text(code, "en", params))


def text(code: str, lang: str, params: Mapping[str, Any]) -> str:
    lang = "en" if lang == "en" else "zh"
    resolved = {
        key: value.get(lang) if isinstance(value, Text) else value for key, value in params.items()
    }
    candidates = list(_template(code, lang))
    if not candidates:
        raise KeyError(code)
    for template in candidates[:-1]:
        try:
            return template.format(**resolved)
        except (KeyError, IndexError, ValueError):
            continue  # an office's wording naming a parameter the message lacks: the built-in
    return candidates[-1].format(**resolved)


def language(explicit: str | None = None) -> str:
    """``en`` when asked for (option, REPORTGEN_LANG, or an English locale), else ``zh``."""
    if explicit:
        return "en" if explicit.lower().startswith("en") else "zh"
    for variable in ("REPORTGEN_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return "en" if value.lower().startswith("en") else "zh"
    return "zh"
