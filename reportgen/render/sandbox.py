"""The sandbox every template runs in: an allow-list of what a template may touch, and bounds
on what it may make.

Templates see plain data only (plain.py): strings, numbers, ``None``, ``Markup``, and dicts,
lists and tuples of these. Of those, a template may read only the harmless methods named below
(``'a,b'.split(',')``, ``sections.values()``), and call only those, its own macros and Jinja's
loop helpers. Anything else (a ``Path``, ``str.format``, ``__class__``) is refused at the line
that tries it. An allow-list, not a deny-list: what is not named here is refused, so a value
added to the context later cannot open a door by accident.

Bounds: a template is a program, and a provincial template folder passed around is one nobody
has read. Each string, list or whole number a template makes is bounded (``MAX_TEXT``
characters or items, ``MAX_DIGITS`` digits; bounds.py), before it is made where making it would
already exhaust memory (``'x'.ljust(10**10)``); loops have a budget of iterations, and one
report's rendering a time limit, checked at every loop step and call. A report's whole content is
bounded in templating.render.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from jinja2 import nodes, pass_context
from jinja2.environment import TemplateModule
from jinja2.exceptions import SecurityError
from jinja2.runtime import BlockReference, Context, LoopContext, Macro
from jinja2.sandbox import SandboxedEnvironment, safe_range
from jinja2.utils import Cycler, Joiner, Namespace, _PassArg
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

from reportgen.render.bounds import (
    MAX_OUTPUT,
    checked,
    precheck_binop,
    precheck_filter,
    precheck_str,
    refuse,
)

EMIT_LIMIT = 5 * MAX_OUTPUT  # characters made into any buffer, nested ones counted again
MAX_ITERATIONS = 1_000_000  # loop steps in one report
TIME_LIMIT = 10.0  # seconds to render one report

# The harmless methods of the plain types: none writes, none grows a value without bound
# unchecked (those that grow one are bounded in Sandbox.call).
_STR = frozenset(
    [
        "capitalize",
        "casefold",
        "center",
        "count",
        "endswith",
        "expandtabs",
        "find",
        "index",
        "isalnum",
        "isalpha",
        "isascii",
        "isdecimal",
        "isdigit",
        "isidentifier",
        "islower",
        "isnumeric",
        "isprintable",
        "isspace",
        "istitle",
        "isupper",
        "join",
        "ljust",
        "lower",
        "lstrip",
        "partition",
        "removeprefix",
        "removesuffix",
        "replace",
        "rfind",
        "rindex",
        "rjust",
        "rpartition",
        "rsplit",
        "rstrip",
        "split",
        "splitlines",
        "startswith",
        "strip",
        "swapcase",
        "title",
        "upper",
        "zfill",
    ]
)
_ALLOWED: dict[type, frozenset[str]] = {
    str: _STR,
    Markup: _STR | {"striptags", "unescape"},
    dict: frozenset({"get", "items", "keys", "values"}),
    list: frozenset({"count", "index"}),
    tuple: frozenset({"count", "index"}),
}
# Jinja's own helpers a template may use by name.
_LOOP = frozenset(
    [
        "index",
        "index0",
        "revindex",
        "revindex0",
        "first",
        "last",
        "length",
        "depth",
        "depth0",
        "previtem",
        "nextitem",
        "cycle",
        "changed",
    ]
)
_CYCLER = frozenset({"current", "next", "reset"})
_DICT_NAMES = frozenset(dir(dict))
_HELPERS = (Macro, BlockReference, LoopContext, Cycler, Joiner)


class Sandbox(SandboxedEnvironment):
    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # lipsum makes any amount of text; the rest of Jinja's globals are bounded.
        self.globals.pop("lipsum", None)
        self.finalize = self._finalize
        # Bound methods are made anew at each access: each is kept once, to be known again.
        self.globals["range"] = self._range_bound = self._range
        self.bounded = self._bounded
        self.counted = self._counted
        self._own = (self._range_bound, self.bounded, self.counted)
        self.begin()

    # ------------------------------------------------------------------ budget of one report
    def begin(self) -> None:
        """Start a report's budget of time, loop steps and text made."""
        self._deadline = time.monotonic() + TIME_LIMIT
        self._steps = 0
        self._emitted = 0

    @contextlib.contextmanager
    def time_limit(self) -> Iterator[None]:
        """The time limit also inside a filter or method that runs long in Python code
        (``wordwrap`` of a long text), where no loop step or call is counted: an alarm
        signal, in the main thread of a POSIX process (a build, a batch worker). Elsewhere
        (the preview's server thread) the checks at each loop step and call remain."""
        if (
            not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()
        ):
            yield
            return

        def expired(signum: int, frame: Any) -> None:
            raise refuse("render_time", limit=TIME_LIMIT)

        previous = signal.signal(signal.SIGALRM, expired)
        signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT + 0.5)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    def emit(self, length: int) -> None:
        """Count text a template makes into any buffer (a macro's, a ``set`` block's), not only
        what reaches the report: a macro looping over a long string would otherwise fill the
        memory before its result could be measured. Text nested in macros counts once per
        level, hence the margin over MAX_OUTPUT."""
        self._emitted += length
        if self._emitted > EMIT_LIMIT:
            raise refuse("render_output", limit=MAX_OUTPUT)

    def _finalize(self, value: Any) -> Any:
        """Every ``{{ … }}`` printed, counted (Jinja's finalize hook). emit() written out: this
        runs for every value a report prints."""
        self._emitted += len(value) if isinstance(value, str) else 8
        if self._emitted > EMIT_LIMIT:
            raise refuse("render_output", limit=MAX_OUTPUT)
        return value

    def _tick(self, steps: int = 1) -> None:
        self._steps += steps
        if self._steps > MAX_ITERATIONS:
            raise refuse("render_steps", limit=MAX_ITERATIONS)
        if time.monotonic() > self._deadline:
            raise refuse("render_time", limit=TIME_LIMIT)

    def _counted(self, iterable: Any, literal: int = 0) -> Iterator[Any]:
        """What every ``for`` loop iterates (see _Bounding): each step counted and timed, with
        the ``literal`` characters of template text its body writes each time (_tick and emit
        written out: this runs for every step of every loop)."""
        monotonic = time.monotonic
        for item in iterable:
            self._steps += 1
            if self._steps > MAX_ITERATIONS:
                raise refuse("render_steps", limit=MAX_ITERATIONS)
            if monotonic() > self._deadline:
                raise refuse("render_time", limit=TIME_LIMIT)
            if literal:
                self._emitted += literal
                if self._emitted > EMIT_LIMIT:
                    raise refuse("render_output", limit=MAX_OUTPUT)
            yield item

    def _bounded(self, value: Any) -> Any:
        """What every ``~`` concatenation passes through."""
        return checked(value)

    def _range(self, *args: int) -> range:
        self._tick()
        return safe_range(*args)

    # ------------------------------------------------------------------ the allow-list
    def getattr(self, obj: Any, attribute: str) -> Any:
        """``tables.active``: a key of a plain dict, found without first trying (and failing)
        an attribute of that name, which is most of what templates look up. A key named as a
        dict method (``items``) still means the method, as in Jinja."""
        if type(obj) is dict and attribute in obj and attribute not in _DICT_NAMES:
            return obj[attribute]
        return super().getattr(obj, attribute)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr.startswith("_"):
            return False
        allowed = _ALLOWED.get(type(obj))
        if allowed is not None:
            return attr in allowed
        if isinstance(obj, LoopContext):
            return attr in _LOOP
        if isinstance(obj, Cycler):
            return attr in _CYCLER
        # Imported templates' macros and variables; a namespace()'s values.
        return isinstance(obj, (TemplateModule, Namespace))

    def is_safe_callable(self, obj: Any) -> bool:
        if isinstance(obj, _HELPERS) or any(
            obj is kind for kind in (Cycler, Joiner, Namespace, dict)
        ):
            return True
        if any(obj is own for own in self._own) or getattr(obj, "reportgen_safe", False):
            return True
        owner = getattr(obj, "__self__", None)
        if isinstance(owner, (LoopContext, Cycler)):
            return getattr(obj, "__name__", "") in (_LOOP | _CYCLER)
        allowed = _ALLOWED.get(type(owner))
        return allowed is not None and getattr(obj, "__name__", "") in allowed

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``str.format`` reaches attributes by its own rules (``'{0.__class__}'``) and pads
        without bound (``'{:>9999999999}'``): it is not on the allow-list at all."""
        return None

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self._tick()
        if not __self.is_safe_callable(__obj):
            raise SecurityError(f"{__obj!r} is not safely callable")
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            precheck_str(owner, getattr(__obj, "__name__", ""), args, kwargs)
        result = checked(__context.call(__obj, *args, **kwargs))
        if isinstance(__obj, Macro) and isinstance(result, str):
            __self.emit(len(result))
        return result

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        precheck_binop(operator, left, right)
        return checked(super().call_binop(context, operator, left, right))

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        result = _Bounding().visit(tree)
        assert isinstance(result, nodes.Template)
        return result


class _Bounding(NodeTransformer):
    """Every ``for`` loop iterates through ``environment.counted`` and every ``~`` passes
    through ``environment.bounded``: calls the sandbox checks like any other."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        literal = sum(
            len(data.data) for part in node.body for data in part.find_all(nodes.TemplateData)
        )
        node.iter = _call("counted", node.iter, nodes.Const(literal))
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return _call("bounded", node)


def _call(name: str, *arguments: nodes.Expr) -> nodes.Call:
    return nodes.Call(
        nodes.EnvironmentAttribute(name), list(arguments), [], None, None,
        lineno=arguments[0].lineno,
    )  # fmt: skip


def bounded_filters(filters: dict[str, Callable[..., Any]]) -> None:
    """Jinja's filters that grow text, bounded the same way: a filter is called by the
    compiled template directly, not through Sandbox.call."""
    for name in list(filters):
        filters[name] = _bounded_filter(name, filters[name])


def _bounded_filter(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
    passes = _PassArg.from_obj(original)

    @pass_context
    def bounded(context: Context, *args: Any, **kwargs: Any) -> Any:
        # Taking the context also keeps Jinja from running the filter while compiling (to fold
        # a constant), where no budget is kept.
        first: tuple[Any, ...] = ()
        if passes is _PassArg.context:
            first = (context,)
        elif passes is _PassArg.eval_context:
            first = (context.eval_ctx,)
        elif passes is _PassArg.environment:
            first = (context.environment,)
        precheck_filter(name, list(args), kwargs)
        result = checked(original(*first, *args, **kwargs))
        environment = context.environment
        if isinstance(result, str) and isinstance(environment, Sandbox):
            environment.emit(len(result))
        return result

    bounded.__name__ = getattr(original, "__name__", name)
    return bounded
