"""The template search path and the Jinja environment.

One ordered list of directories serves every lookup (Jinja templates, the reference .docx, the
CSS): the directories given by the user first, the built-in templates last. Names are paths
inside such a directory (``2021/report.html.j2``, ``base/report.css``); ``!default/NAME``
always means the built-in one, so an override can extend the template it replaces.
"""

from __future__ import annotations

import errno
import functools
import os
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path, PurePosixPath
from stat import S_ISDIR, S_ISREG
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError

from reportgen import cache
from reportgen.errors import TemplateError, TemplateMissing
from reportgen.figures import numbers
from reportgen.formats.description import builtin_templates
from reportgen.messages import catalogue
from reportgen.messages.catalogue import Text, phrase
from reportgen.read import files
from reportgen.render import cells, titles
from reportgen.render.bounds import MAX_OUTPUT, MAX_TEXT, Refused
from reportgen.render.sandbox import Sandbox, bounded_filters

SANDBOX_VERSION = 3  # raise when the sandbox compiles templates differently

DEFAULT_PREFIX = "!default/"


class SearchPath:
    def __init__(self, directories: tuple[Path, ...] = ()) -> None:
        builtin = builtin_templates()
        resolved = _resolved(builtin)
        self.user = tuple(d.resolve() for d in directories if d.resolve() != resolved)
        self.builtin = builtin
        self.directories = (*self.user, builtin)
        # What each directory is, links followed: the user's are resolved already.
        self._roots = {**{d: d for d in self.user}, builtin: resolved}
        # The offices' wording (base/messages/*.po) for the messages said from here on.
        catalogue.use(self.user)

    def find(self, *names: str) -> Path:
        """The first file on the path called the first of ``names`` found, trying each name
        in turn (a format's own file before the shared one)."""
        for name in names:
            directories = self.directories
            if name.startswith(DEFAULT_PREFIX):
                name, directories = name.removeprefix(DEFAULT_PREFIX), (self.builtin,)
            parts = PurePosixPath(name.replace("\\", "/")).parts
            if not parts or parts[0] == "/" or ".." in parts or ":" in parts[0]:
                # Only names inside the search path: a template cannot read other files.
                raise TemplateError(phrase("template_name_outside", name=name))
            for directory in directories:
                candidate = directory / name
                mode = _mode(candidate)
                if mode is None:
                    continue
                if not S_ISREG(mode):
                    # A FIFO or a device would hang the read, a folder is a mistake: said.
                    kind = "kind_folder" if S_ISDIR(mode) else _kind(candidate)
                    reason = phrase("file_special", kind=phrase(kind))
                    raise TemplateError(reason, str(candidate))
                if not self._inside(directory, candidate):
                    # A link out of the directory would read any file all the same.
                    raise TemplateError(
                        phrase("template_link_outside", name=name, directory=str(directory))
                    )
                return candidate
        raise TemplateMissing(" / ".join(names), tuple(str(d) for d in self.directories))

    def _inside(self, directory: Path, candidate: Path) -> bool:
        """Whether the file ``candidate`` in ``directory`` is inside it with links followed.
        With no link on the way from the directory to the file it is (the directory's own path
        is resolved once, in __init__): each step is looked at (lstat) rather than the whole
        path resolved, which looks at every folder from the root down."""
        path = str(directory)
        for part in candidate.parts[len(directory.parts) :]:
            path = os.path.join(path, part)
            if os.path.islink(path):
                return candidate.resolve().is_relative_to(self._roots[directory])
        return True

    def listing(self) -> dict[str, list[Path]]:
        """Every file on the path by name, with the directories that have it; the first one
        is the one used, the others are overridden."""
        found: dict[str, list[Path]] = {}
        for directory in self.directories:
            for path in sorted(directory.rglob("*")):
                name = path.relative_to(directory).as_posix()
                if path.is_file() and not any(
                    part.startswith((".", "__")) for part in name.split("/")
                ):
                    found.setdefault(name, []).append(directory)
        return dict(sorted(found.items()))


@functools.cache
def _resolved(builtin: Path) -> Path:
    """The built-in templates' folder, links followed: once per process, not once per report."""
    return builtin.resolve()


def _mode(path: Path) -> int | None:
    """The file's mode (links followed), None if there is nothing there: one stat for what
    Path.exists() and Path.is_file() ask, with the same errors let through."""
    try:
        return os.stat(path).st_mode
    except OSError as error:
        if error.errno in (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP):
            return None
        raise
    except ValueError:  # a name the system cannot take (a NUL character)
        return None


def _kind(path: Path) -> str:
    try:
        files.read_bytes(path, 0)
    except files.NotARegularFile as error:
        return error.kind
    except OSError:
        pass
    return "kind_special"


class _Loader(jinja2.BaseLoader):
    def __init__(self, search_path: SearchPath) -> None:
        self.search_path = search_path

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        try:
            path = self.search_path.find(template)
        except TemplateMissing:
            raise jinja2.TemplateNotFound(template) from None
        except TemplateError as error:
            if error.name:
                raise  # a file that is not a regular file: named as it is
            # A name outside the search path (/etc/passwd, ../x): refused at the line asking.
            raise Refused(error.detail) from None
        mtime = path.stat().st_mtime
        return read_template(path), str(path), lambda: path.stat().st_mtime == mtime


def read_template(path: Path) -> str:
    """A template's or stylesheet's text: a regular file, UTF-8, of bounded size; a template
    error naming the file otherwise."""
    try:
        return files.read_text(path, files.TEMPLATE_LIMIT)
    except UnicodeDecodeError:
        raise TemplateError(phrase("template_encoding"), str(path)) from None
    except OSError as error:
        reason = files.refusal(error) or Text(str(error.strerror), str(error.strerror))
        raise TemplateError(reason, str(path)) from None


def read_kept(path: Path) -> str:
    """read_template's text of a file, read again only when it has changed (its modification
    time, size or inode): the stylesheet that every report of a batch embeds."""
    try:
        stat = os.stat(path)
    except OSError:
        return read_template(path)  # which says why, as for any template
    version = (stat.st_mtime_ns, stat.st_size, stat.st_ino, stat.st_dev)
    kept = _KEPT.get(str(path))
    if kept is None or kept[0] != version:
        if len(_KEPT) >= 16:  # a few stylesheets in a process; the preview may see more
            del _KEPT[next(iter(_KEPT))]
        kept = _KEPT[str(path)] = (version, read_template(path))
    return kept[1]


_KEPT: dict[str, tuple[tuple[int, ...], str]] = {}


def environment(search_path: SearchPath) -> jinja2.Environment:
    """Strict (a missing figure is an error, never a blank), HTML-escaping, and sandboxed
    (sandbox.py): the built-in templates too, so that they are held to what an office's
    templates may do, and one kind of environment is all there is."""
    env = Sandbox(
        loader=_Loader(search_path),
        bytecode_cache=_bytecode_cache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(
        number=numbers.number,
        percent=numbers.percent,
        cndate=numbers.chinese_date,
        cn_count=numbers.chinese_count,
        title_lines=titles.title_markup,
        filled=cells.filled,
    )
    bounded_filters(env.filters)
    env.globals["share"] = share
    return env


@jinja2.pass_context
def share(
    context: jinja2.runtime.Context,
    part: Iterable[str],
    whole: Iterable[str],
    decimals: int | None = None,
) -> str:
    """``share(part_keys, whole_keys, decimals)``: sum(part) / sum(whole) of the report's
    figures as a percentage (the format's decimals unless given); "—" when the whole is 0."""
    figures = context["figures"]
    unknown = [key for key in (*_keys(part), *_keys(whole)) if key not in figures]
    if unknown:
        raise SecurityError(f"share(): no figure {unknown[0]!r}")
    numerator = sum((Decimal(figures[key]) for key in _keys(part)), Decimal(0))
    denominator = sum((Decimal(figures[key]) for key in _keys(whole)), Decimal(0))
    if decimals is None:
        decimals = context["format"]["percent_decimals"]
    fraction = numerator / denominator if denominator else None
    return numbers.percent(fraction, decimals)


share.reportgen_safe = True  # type: ignore[attr-defined]


def _keys(keys: Iterable[str]) -> list[str]:
    return [keys] if isinstance(keys, str) else [str(key) for key in list(keys)[:MAX_TEXT]]


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs: compiling them is most of a build's own time.
    Entries are keyed by template source, so an edited template is recompiled. The keys do not
    say how the sandbox compiled (its checked calls, counted loops): the directory does, and a
    new sandbox gets a new one."""
    directory = cache.directory(f"jinja-{jinja2.__version__}-sandbox{SANDBOX_VERSION}")
    # No writable cache: compile every time.
    return jinja2.FileSystemBytecodeCache(directory) if directory else None


def render(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """Render a template; errors point at the template file and line. Whatever the template
    makes go wrong (an error of its own, a bound passed, a value Python cannot print) is a
    template error, never reportgen's: the template is a program reportgen did not write."""
    assert isinstance(env, Sandbox)
    env.begin()
    try:
        with env.time_limit():
            return _render(env, name, context)
    except jinja2.TemplateNotFound as error:
        loader = env.loader
        assert isinstance(loader, _Loader)
        searched = tuple(str(directory) for directory in loader.search_path.directories)
        raise TemplateMissing(str(error.name), searched) from None
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(error.message or "syntax error", error.filename, error.lineno) from None
    except TemplateError:
        raise
    except Refused as error:
        filename, line = _template_frame(error)
        raise TemplateError(error.text, filename or name, line) from None
    except jinja2.TemplateError as error:
        filename, line = _template_frame(error)
        raise TemplateError(str(error), filename or name, line) from None
    except (Exception, RecursionError, MemoryError) as error:
        # How the sandbox stops endless recursion; a number too long to print, a character
        # no encoding has: the template's doing, so a template error, never exit 70.
        filename, line = _template_frame(error)
        detail = str(error) or type(error).__name__
        raise TemplateError(detail, filename or name, line) from None


def _render(env: Sandbox, name: str, context: dict[str, Any]) -> str:
    """The template's output, streamed and measured as it comes."""
    parts: list[str] = []
    size = 0
    for part in env.get_template(name).generate(context):
        size += len(part)
        if size > MAX_OUTPUT:
            raise Refused(phrase("render_output", limit=MAX_OUTPUT))
        parts.append(part)
    return "".join(parts)


def _template_frame(error: BaseException) -> tuple[str | None, int | None]:
    """The innermost traceback frame that belongs to a template."""
    found: tuple[str | None, int | None] = (None, None)
    trace = error.__traceback__
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or filename.endswith(".html"):
            found = (filename, trace.tb_lineno)
        trace = trace.tb_next
    return found
