"""The template search path and the Jinja environment.

One ordered list of directories serves every lookup (Jinja templates, the reference .docx, the
CSS): the directories given by the user first, the built-in templates last. Names are paths
inside such a directory (``2021/report.html.j2``, ``base/report.css``); ``!default/NAME``
always means the built-in one, so an override can extend the template it replaces.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from reportgen import cache, numbers, titles
from reportgen.errors import TemplateError, TemplateMissing
from reportgen.formats import builtin_templates

DEFAULT_PREFIX = "!default/"


class SearchPath:
    def __init__(self, directories: tuple[Path, ...] = ()) -> None:
        builtin = builtin_templates()
        self.user = tuple(d.resolve() for d in directories if d.resolve() != builtin.resolve())
        self.builtin = builtin
        self.directories = (*self.user, builtin)

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
                raise TemplateError(f"{name}: not a template name inside the search path")
            for directory in directories:
                candidate = directory / name
                if candidate.is_file():
                    if not candidate.resolve().is_relative_to(directory.resolve()):
                        # A link out of the directory would read any file all the same.
                        raise TemplateError(f"{name}: a link to a file outside {directory}")
                    return candidate
        raise TemplateMissing(" / ".join(names), tuple(str(d) for d in self.directories))

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
            # A name outside the search path (/etc/passwd, ../x): refused at the line asking.
            raise SecurityError(error.message) from None
        mtime = path.stat().st_mtime
        return path.read_text("utf-8"), str(path), lambda: path.stat().st_mtime == mtime


def environment(search_path: SearchPath) -> jinja2.Environment:
    """Strict (a missing figure is an error, never a blank) and HTML-escaping; sandboxed as
    soon as a template may come from outside the package."""
    cls = _Sandbox if search_path.user else jinja2.Environment
    env = cls(
        loader=_Loader(search_path),
        bytecode_cache=_bytecode_cache(sandboxed=bool(search_path.user)),
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
    )
    return env


class _Sandbox(ImmutableSandboxedEnvironment):
    """The sandbox, also refusing results too large to be meant (``'x' * 10**10``,
    ``10 ** 1000000``): they would exhaust memory or time before any error."""

    intercepted_binops = frozenset({"*", "**"})
    limit = 1_000_000  # characters or items a repetition may make

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and right > 1000:
            raise SecurityError(f"power too large: ** {right}")
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if (
                    isinstance(sequence, (str, list, tuple))
                    and isinstance(times, int)
                    and len(sequence) * times > self.limit
                ):
                    raise SecurityError(f"repetition too large: {len(sequence)} × {times}")
        return super().call_binop(context, operator, left, right)


def _bytecode_cache(sandboxed: bool) -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs: compiling them is most of a build's own time.
    Entries are keyed by template source, so an edited template is recompiled. The sandbox
    compiles calls and operators into checked ones and the keys do not say which environment
    compiled, so it keeps its own cache."""
    kind = "-sandbox" if sandboxed else ""
    directory = cache.directory(f"jinja-{jinja2.__version__}{kind}")
    # No writable cache: compile every time.
    return jinja2.FileSystemBytecodeCache(directory) if directory else None


def render(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """Render a template; errors point at the template file and line."""
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateNotFound as error:
        loader = env.loader
        assert isinstance(loader, _Loader)
        searched = tuple(str(directory) for directory in loader.search_path.directories)
        raise TemplateMissing(str(error.name), searched) from None
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(error.message or "syntax error", error.filename, error.lineno) from None
    except jinja2.TemplateError as error:
        filename, line = _template_frame(error)
        raise TemplateError(str(error), filename or name, line) from None
    except (RecursionError, OverflowError, MemoryError) as error:
        # How the sandbox stops a range() too large; how endless recursion ends.
        filename, line = _template_frame(error)
        raise TemplateError(str(error) or type(error).__name__, filename or name, line) from None


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
