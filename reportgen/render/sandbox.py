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
characters or items, ``MAX_DIGITS`` digits), before it is made where making it would already
exhaust memory (``'x'.ljust(10**10)``); loops have a budget of iterations, and one report's
rendering a time limit, checked at every loop step and call. A report's whole content is
bounded in templating.render.
"""

from __future__ import annotations

import contextlib
import math
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from jinja2 import nodes, pass_context
from jinja2.environment import TemplateModule
from jinja2.exceptions import SecurityError
from jinja2.runtime import BlockReference, Context, LoopContext, Macro
from jinja2.sandbox import SandboxedEnvironment, safe_range
from jinja2.utils import Cycler, Joiner, Namespace, _PassArg
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

from reportgen.messages.catalogue import Text, phrase

# Characters (or items) of one string (or list) a template makes, and of one report's markup:
# a 5 MB year file pasted into one field renders to about 2 million characters.
MAX_TEXT = 20_000_000
MAX_OUTPUT = MAX_TEXT
MAX_ITEMS = 1_000_000  # items of one list, tuple or dict a template makes (each costs memory)
EMIT_LIMIT = 5 * MAX_OUTPUT  # characters made into any buffer, nested ones counted again
MAX_DIGITS = 4_000  # digits of a whole number (Python prints at most 4,300)
MAX_ITERATIONS = 1_000_000  # loop steps in one report
TIME_LIMIT = 10.0  # seconds to render one report
_MAX_BITS = int(MAX_DIGITS * math.log2(10))

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


class Refused(SecurityError):
    """A bound passed: the message in both languages (the CLI picks one)."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


def _refuse(code: str, **params: Any) -> Refused:
    return Refused(phrase(code, **params))


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
            raise _refuse("render_time", limit=TIME_LIMIT)

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
            raise _refuse("render_output", limit=MAX_OUTPUT)

    def _finalize(self, value: Any) -> Any:
        """Every ``{{ … }}`` printed, counted (Jinja's finalize hook)."""
        self.emit(len(value) if isinstance(value, str) else 8)
        return value

    def _tick(self, steps: int = 1) -> None:
        self._steps += steps
        if self._steps > MAX_ITERATIONS:
            raise _refuse("render_steps", limit=MAX_ITERATIONS)
        if time.monotonic() > self._deadline:
            raise _refuse("render_time", limit=TIME_LIMIT)

    def _counted(self, iterable: Any, literal: int = 0) -> Iterator[Any]:
        """What every ``for`` loop iterates (see _Bounding): each step counted and timed, with
        the ``literal`` characters of template text its body writes each time."""
        for item in iterable:
            self._tick()
            if literal:
                self.emit(literal)
            yield item

    def _bounded(self, value: Any) -> Any:
        """What every ``~`` concatenation passes through."""
        return _checked(value)

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
            _precheck_str(owner, getattr(__obj, "__name__", ""), args, kwargs)
        result = _checked(__context.call(__obj, *args, **kwargs))
        if isinstance(__obj, Macro) and isinstance(result, str):
            __self.emit(len(result))
        return result

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _precheck_binop(operator, left, right)
        return _checked(super().call_binop(context, operator, left, right))

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


def too_long(length: int) -> Refused:
    return _refuse("render_too_long", length=length, limit=MAX_TEXT)


def too_many(count: int) -> Refused:
    return _refuse("render_too_many", count=count, limit=MAX_ITEMS)


def _too_large_number(digits: int) -> Refused:
    return _refuse("render_number", digits=digits, limit=MAX_DIGITS)


def _checked(value: Any) -> Any:
    """``value``, if within the bounds."""
    if isinstance(value, str) and len(value) > MAX_TEXT:
        raise too_long(len(value))
    if isinstance(value, (list, tuple, dict)) and len(value) > MAX_ITEMS:
        raise too_many(len(value))
    if isinstance(value, int) and value.bit_length() > _MAX_BITS:
        raise _too_large_number(_digits(value.bit_length()))
    return value


def _digits(bits: int) -> int:
    return int(bits / math.log2(10)) + 1


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, (str, list, tuple)) else None


def _count(value: Any) -> int:
    """An operand used as a count (a repetition, a width): plain ints only."""
    return value if isinstance(value, int) else 0


def _precheck_size(like: Any, size: int) -> None:
    """Refuse a string or list of ``size`` (characters or items) past its bound."""
    if isinstance(like, str):
        if size > MAX_TEXT:
            raise too_long(size)
    elif size > MAX_ITEMS:
        raise too_many(size)


def _precheck_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse an operation whose result would pass the bounds before Python makes it."""
    if operator == "*":
        for sequence, times in ((left, right), (right, left)):
            size = _size(sequence)
            if size is not None and isinstance(times, int):
                _precheck_size(sequence, size * times)
        if isinstance(left, int) and isinstance(right, int):
            bits = left.bit_length() + right.bit_length()
            if bits > _MAX_BITS + 1:
                raise _too_large_number(_digits(bits))
    elif operator == "+":
        sizes = (_size(left), _size(right))
        if sizes[0] is not None and sizes[1] is not None:
            _precheck_size(left, sizes[0] + sizes[1])
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0:
            bits = (abs(left).bit_length() - 1) * right
            if bits > _MAX_BITS:
                raise _too_large_number(_digits(bits))
        elif isinstance(right, (int, Decimal, float)) and abs(right) > MAX_DIGITS:
            raise _too_large_number(int(min(abs(right), 10**12)))
    elif operator == "%" and isinstance(left, str):
        _precheck_printf(left, right)


_PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _precheck_printf(pattern: str, arguments: Any) -> None:
    """``'%999999999d' % 1`` pads without bound: widths and precisions are bounded."""
    values = arguments if isinstance(arguments, tuple) else (arguments,)
    for match in _PRINTF.finditer(pattern):
        for group in match.groups():
            if group is None:
                continue
            if group == "*":
                width = max((abs(_count(value)) for value in values), default=0)
            else:
                width = int(group) if len(group) < 10 else MAX_TEXT + 1
            if width > MAX_TEXT:
                raise too_long(width)


def _precheck_str(text: str, method: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """The string methods that grow a string, bounded before they run."""
    given = (*args, *kwargs.values())
    if method in ("ljust", "rjust", "center", "zfill"):
        width = _count(given[0]) if given else 0
        if width > MAX_TEXT:
            raise too_long(width)
    elif method == "expandtabs":
        size = _count(given[0]) if given else 8
        grown = len(text) + text.count("\t") * max(size, 0)
        if grown > MAX_TEXT:
            raise too_long(grown)
    elif method == "replace" and len(given) >= 2:
        _precheck_replace(text, given[0], given[1], _count(given[2]) if len(given) > 2 else -1)
    elif method == "join" and given:
        _precheck_join(text, given[0])


def _precheck_replace(text: str, old: Any, new: Any, count: int) -> None:
    if not isinstance(old, str) or not isinstance(new, str):
        return
    times = text.count(old) if old else len(text) + 1
    if count >= 0:
        times = min(times, count)
    grown = len(text) + times * (len(new) - len(old))
    if grown > MAX_TEXT:
        raise too_long(grown)


def _precheck_join(separator: str, items: Any) -> None:
    if not isinstance(items, (list, tuple, str)):
        return
    if len(items) > MAX_TEXT:
        raise too_long(len(items))
    grown = len(separator) * max(len(items) - 1, 0) + sum(
        len(item) for item in items if isinstance(item, str)
    )
    if grown > MAX_TEXT:
        raise too_long(grown)


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
        _precheck_filter(name, list(args), kwargs)
        result = _checked(original(*first, *args, **kwargs))
        environment = context.environment
        if isinstance(result, str) and isinstance(environment, Sandbox):
            environment.emit(len(result))
        return result

    bounded.__name__ = getattr(original, "__name__", name)
    return bounded


def _precheck_filter(name: str, values: list[Any], kwargs: dict[str, Any]) -> None:
    text = next((value for value in values if isinstance(value, str)), "")
    rest = values[1:]
    if name == "center":
        width = _count(rest[0]) if rest else 80
        if width > MAX_TEXT:
            raise too_long(width)
    elif name == "indent":
        width = rest[0] if rest else kwargs.get("width", 4)
        size = len(width) if isinstance(width, str) else _count(width)
        grown = len(text) + (text.count("\n") + 1) * size
        if grown > MAX_TEXT:
            raise too_long(grown)
    elif name == "wordwrap":
        width = _count(rest[0]) if rest else 79
        wrap = rest[2] if len(rest) > 2 else kwargs.get("wrapstring", "\n")
        lines = len(text) // max(width, 1) + text.count("\n") + 1
        grown = len(text) + lines * (len(wrap) if isinstance(wrap, str) else 1)
        if grown > MAX_TEXT:
            raise too_long(grown)
    elif name == "replace" and len(rest) >= 2:
        _precheck_replace(
            str(values[0]), rest[0], rest[1], _count(rest[2]) if len(rest) > 2 else -1
        )
    elif name == "join" and values:
        items = values[0]
        separator = rest[0] if rest and isinstance(rest[0], str) else ""
        if isinstance(items, (list, tuple)):
            _precheck_join(separator, [str(item) for item in items[: MAX_TEXT + 1]])
    elif name == "format" and values and isinstance(values[0], str):
        _precheck_printf(values[0], tuple(rest))
    elif name == "batch" and rest and isinstance(rest[0], int) and hasattr(values[0], "__len__"):
        _precheck_size([], len(values[0]) // max(rest[0], 1))
    elif name == "slice" and rest and isinstance(rest[0], int):
        _precheck_size([], rest[0])
    elif name in ("truncate", "filesizeformat", "round", "int", "float", "batch"):
        for value in rest:
            if isinstance(value, int) and abs(value) > MAX_TEXT:
                raise too_long(abs(value))
