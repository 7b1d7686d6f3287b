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
_TAG = re.compile(r"(<[^>]*>)")


def render(
    content: str, title: str, env: jinja2.Environment, search_path: templating.SearchPath
) -> bytes:
    css = templating.read_template(search_path.find(CSS))
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
    a copied address stays whole."""
    parts = _TAG.split(content)  # text, tag, text, …: only the text is changed
    parts[::2] = [ADDRESS.sub(_address_span, text) for text in parts[::2]]
    return "".join(parts)


def _address_span(address: re.Match[str]) -> str:
    return f'<span class="address">{address.group()}</span>'
