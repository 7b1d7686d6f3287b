"""The .html writers: a standalone page (inline CSS, no network) around the content markup, and
the body alone with its styles in style attributes, for pasting into a website's CMS (which
keeps neither a <style> element nor the page's <head>)."""

from __future__ import annotations

import re

import jinja2
from markupsafe import Markup

from reportgen import __version__
from reportgen.render import templating
from reportgen.writers.addresses import ADDRESS

PAGE = "base/page.html.j2"
CSS = "base/report.css"
# What every address has: the @ of an e-mail address, the www. or :// of a web address.
_CANDIDATE = re.compile(r"@|www\.|://")


def render(
    content: str, title: str, env: jinja2.Environment, search_path: templating.SearchPath
) -> bytes:
    css = templating.read_kept(search_path.find(CSS))
    page = templating.render(
        env,
        PAGE,
        {
            "content": Markup(mark_addresses(content)),
            "css": Markup(css),
            "title": title,
            "version": __version__,
        },
    )
    return page.encode("utf-8")


def fragment(content: str, search_path: templating.SearchPath) -> bytes:
    """The report body in a ``<div class="report">``, every rule of the CSS that applies to an
    element written into its style attribute. Media queries (phone, print) cannot be inline
    and are left out; tables keep their scrolling box."""
    import css_inline  # only this output needs it

    css = search_path.find(CSS).read_text("utf-8")
    body = f'<div class="report">\n{mark_addresses(content)}</div>\n'
    # Templates may come from outside the package: never fetch a stylesheet they link to.
    inliner = css_inline.CSSInliner(load_remote_stylesheets=False)
    return inliner.inline_fragment(body, css).encode("utf-8")


def mark_addresses(content: str) -> str:
    """The content markup with the addresses in its text marked ``<span class="address">``,
    which the CSS lets break anywhere, as Chinese Word breaks Latin text (writers/addresses.py);
    a copied address stays whole. Only the text between tags is changed (a tag is ``<`` to the
    next ``>``), and only around what starts or ends an address (@, www., ://): an address
    holds neither < nor >, so the text from the < or > before such a place to the one after it
    is all that needs looking at."""
    pieces: list[str] = []
    done = 0  # where the content not yet copied starts
    for candidate in _CANDIDATE.finditer(content):
        at = candidate.start()
        if at < done:
            continue  # in the text already marked
        before, opened = content.rfind(">", 0, at), content.rfind("<", 0, at)
        if opened > before and content.find(">", at) >= 0:
            continue  # inside a tag: a < after the last > before it, and a > to close it
        start, end = max(before, opened) + 1, _next_delimiter(content, at)
        pieces += [content[done:start], ADDRESS.sub(_address_span, content[start:end])]
        done = end
    if not pieces:
        return content
    pieces.append(content[done:])
    return "".join(pieces)


def _next_delimiter(content: str, at: int) -> int:
    """Where the first < or > at or after `at` is; the content's end without one."""
    ends = [found for found in (content.find("<", at), content.find(">", at)) if found >= 0]
    return min(ends, default=len(content))


def _address_span(address: re.Match[str]) -> str:
    return f'<span class="address">{address.group()}</span>'
