"""The .html writer: a standalone page (inline CSS, no network) around the content markup."""

from __future__ import annotations

import jinja2
from markupsafe import Markup

from reportgen import __version__, templating

PAGE = "base/page.html.j2"
CSS = "base/report.css"


def render(
    content: str, title: str, env: jinja2.Environment, search_path: templating.SearchPath
) -> bytes:
    css = templating.read_template(search_path.find(CSS))
    page = templating.render(
        env,
        PAGE,
        {"content": Markup(content), "css": Markup(css), "title": title, "version": __version__},
    )
    return page.encode("utf-8")
