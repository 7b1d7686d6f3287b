"""Live preview: the HTML report served on 127.0.0.1, rebuilt whenever an input changes, and
reloaded in the browser by a small script that polls ``/version``.

Inputs are watched by polling their modification times: the year file, the other TOML files
beside it (shared defaults live there), and every file in the template search path, built-in
templates included. Polling a few dozen files twice a second costs nothing and needs no
file-watching dependency. A file broken mid-edit keeps the report in view: the report as the
file now stands with the figures in error outlined, or, when it cannot be rendered (a TOML
slip, a required date missing), the last one that could, under a banner listing the errors
with their lines, each a link to the place in the report it concerns. Only when nothing was
ever built does a page of findings stand alone.

Only the standard library serves: a preview has one reader, the clerk editing the file.
"""

from __future__ import annotations

import http.server
import os
import re
import threading
from collections.abc import Iterable, Sequence
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from reportgen.errors import (
    InputError,
    ReportgenError,
)
from reportgen.formats import description as formats
from reportgen.messages import catalogue as messages
from reportgen.messages.describe import of_error
from reportgen.messages.findings import Finding
from reportgen.render import templating
from reportgen.runs import rendering
from reportgen.runs import single as pipeline

HOST = "127.0.0.1"  # never another interface: the report is unpublished
POLL_SECONDS = 0.5

# Appended to every page: reloads it once the server has a newer version. A failed poll (the
# server stopped or is restarting) waits longer and tries again.
RELOAD_SCRIPT = """<script>
(function () {{
  var version = "{version}";
  function poll() {{
    fetch("/version", {{cache: "no-store"}})
      .then(function (response) {{ return response.text(); }})
      .then(function (latest) {{
        if (latest !== version) {{ location.reload(); }} else {{ setTimeout(poll, {wait}); }}
      }}, function () {{ setTimeout(poll, {retry}); }});
  }}
  setTimeout(poll, {wait});
}})();
</script>
"""

FINDINGS_STYLE = (
    "margin:0 0 1.5em;padding:0.8em 1.2em;border:2px solid {color};background:#fff8f0;"
    "font:15px/1.6 sans-serif;color:#222"
)

ERROR_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
</head>
<body>
{findings}</body>
</html>
"""


class ServeError(ReportgenError):
    """The preview server could not listen on the port asked for."""

    def __init__(self, port: int, reason: str) -> None:
        super().__init__(f"{HOST}:{port}: {reason}")
        self.port = port
        self.reason = reason


class Preview:
    """A preview server for one year file. Construction builds the page and binds the port;
    :meth:`start` serves and watches in background threads; :meth:`close` stops both.
    Use as a context manager (entering starts it)."""

    def __init__(
        self,
        year_file: str | Path,
        templates: Iterable[str | Path] = (),
        language: str = "zh",
        port: int = 8000,
        interval: float = POLL_SECONDS,
    ) -> None:
        self.year_file = Path(year_file)
        self.templates = tuple(Path(directory) for directory in templates)
        self._search_path = self.templates
        self.language = language
        self.interval = interval
        self.version = 0
        self._page = ""
        self._last_good: str | None = None  # the last report rendered from a file without errors
        self._seen: tuple[tuple[str, int, int, int], ...] | None = None
        self._lock = threading.Lock()  # guards _page and version, read by request threads
        self._building = threading.Lock()  # one rebuild at a time
        self._stopped = threading.Event()
        self._threads: list[threading.Thread] = []
        self.refresh()
        try:
            self._server = _Server((HOST, port), self)
        except OSError as error:
            raise ServeError(port, error.strerror or str(error)) from None

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def __enter__(self) -> Preview:
        return self.start()

    def __exit__(self, *exception: object) -> None:
        self.close()

    def start(self) -> Preview:
        self._threads = [
            threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": 0.1},  # how soon close() is seen: stop promptly
                name="preview-server",
            ),
            threading.Thread(target=self._watch, name="preview-watcher"),
        ]
        for thread in self._threads:
            thread.daemon = True
            thread.start()
        return self

    def wait(self) -> None:
        """Block until :meth:`close` (or Ctrl-C, which raises KeyboardInterrupt here)."""
        # Short waits in a loop: a single endless wait is not interruptible on every platform.
        while not self._stopped.wait(1.0):
            pass

    def close(self) -> None:
        self._stopped.set()
        if self._threads:
            self._server.shutdown()
        self._server.server_close()
        for thread in self._threads:
            thread.join()
        self._threads = []

    def refresh(self) -> bool:
        """Rebuild the page if a watched file changed since the last build. True when the page
        changed (and with it the version browsers poll for)."""
        with self._building:
            seen = _fingerprint(self.watched())
            if seen == self._seen:
                return False
            self._seen = seen  # taken before reading, so an edit during the build is not lost
            page = self._build()
            with self._lock:
                if page == self._page:
                    return False
                self._page = page
                self.version += 1
                return True

    def page(self) -> tuple[str, int]:
        """The current page with its reload script, and its version."""
        with self._lock:
            page, version = self._page, self.version
        wait = int(self.interval * 1000)
        script = RELOAD_SCRIPT.format(version=version, wait=wait, retry=wait * 4)
        return _before_end_of_body(page, script), version

    def watched(self) -> list[Path]:
        """Every file whose change rebuilds the page."""
        directory = self.year_file.parent
        files = [self.year_file, *sorted(directory.glob("*.toml"))]
        # The year file's own templates directory counts too, as last seen in a good check.
        for root in templating.SearchPath(self._search_path).directories:
            for folder, subfolders, names in os.walk(root):
                subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
                files.extend(Path(folder, name) for name in sorted(names))
        return files

    def _watch(self) -> None:
        while not self._stopped.wait(self.interval):
            self.refresh()

    def _build(self) -> str:
        """The report page, with the check's findings above it; or, when nothing can be shown
        of the report, a page of what stops it from being built."""
        # Format descriptions are cached for the life of the process; the preview outlives
        # edits to them.
        formats.load.cache_clear()
        try:
            checked = pipeline.check(self.year_file, templates=self.templates)
            self._search_path = checked.year.search_path
        except InputError as error:
            return self._with_errors(error.findings, None, None)
        except Exception as error:  # a bug too must not stop the preview: show it and go on
            return self._problem_page(of_error(error))
        try:
            html = rendering.render(checked, ("html",))["html"].decode("utf-8")
        except Exception as error:
            if checked.errors:  # a report with errors may not render: the errors say why
                return self._with_errors(checked.findings, None, checked.year.format)
            return self._problem_page(of_error(error))
        if checked.errors:
            return self._with_errors(checked.findings, html, checked.year.format)
        self._last_good = html
        if not checked.findings:
            return html
        banner = _findings(checked.findings, "preview_warnings", self.language)
        return _after_start_of_body(html, banner)

    def _with_errors(
        self, problems: Sequence[Finding], html: str | None, fmt: formats.Format | None
    ) -> str:
        """The report (``html``, or else the last good one) under a banner of the findings;
        each finding about a place in the report links to it, and that place is outlined."""
        page = html if html is not None else self._last_good
        if page is None:
            return self._problem_page(problems)
        links: dict[int, str] = {}
        for index, problem in enumerate(problems):
            if problem.is_error and problem.key:
                page, anchor = _mark(page, problem.key, fmt, index)
                if anchor:
                    links[index] = anchor
        heading = "preview_errors" if html is not None else "preview_errors_stale"
        banner = _findings(problems, heading, self.language, links)
        return _after_start_of_body(page, MARK_STYLE + banner)

    def _problem_page(self, problems: Sequence[Finding | str]) -> str:
        title = messages.text("preview_failed", self.language, {})
        return ERROR_PAGE.format(
            lang="en" if self.language == "en" else "zh-CN",
            title=escape(title),
            findings=_findings(problems, "preview_failed", self.language),
        )


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], preview: Preview) -> None:
        self.preview = preview
        super().__init__(address, _Handler)


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        # A page elsewhere could reach 127.0.0.1 through a DNS name of its own (DNS
        # rebinding) and read the report; such requests carry that name as their Host.
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        if host not in (HOST, "localhost"):
            self._send(403, "text/plain", b"forbidden")
            return
        path = urlsplit(self.path).path
        if path == "/":
            page, _ = self.server.preview.page()
            self._send(200, "text/html", page.encode("utf-8"))
        elif path == "/version":
            self._send(200, "text/plain", str(self.server.preview.version).encode())
        else:
            self._send(404, "text/plain", b"not found")

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Silent: the page polls twice a second, and a line per request would bury the URL."""


def _fingerprint(files: list[Path]) -> tuple[tuple[str, int, int, int], ...]:
    """What changes when a file is saved, replaced (editors that write and rename) or deleted."""
    marks = []
    for path in files:
        try:
            status = path.stat()
        except OSError:
            marks.append((str(path), -1, -1, -1))
        else:
            marks.append((str(path), status.st_mtime_ns, status.st_size, status.st_ino))
    return tuple(marks)


def _findings(
    problems: Sequence[Finding | str],
    heading: str,
    language: str,
    links: dict[int, str] | None = None,
) -> str:
    """The findings as an HTML section, every text escaped; ``links`` makes the finding at
    an index a link to an anchor in the report."""
    items = []
    for index, problem in enumerate(problems):
        if isinstance(problem, Finding):
            kind, text = ("error" if problem.is_error else "warning"), problem.render(language)
        else:
            kind, text = "error", problem
        shown = escape(text)
        if links and index in links:
            shown = f'<a href="#{links[index]}">{shown}</a>'
        items.append(f'<li class="{kind}">{shown}</li>\n')
    errors = sum(1 for problem in problems if not isinstance(problem, Finding) or problem.is_error)
    summary = messages.text(
        "summary", language, {"errors": errors, "warnings": len(problems) - errors}
    )
    color = "#c00" if errors else "#d80"
    return (
        f'<section id="reportgen-findings" style="{FINDINGS_STYLE.format(color=color)}">\n'
        f"<h2>{escape(messages.text(heading, language, {}))}</h2>\n"
        f'<ul style="padding-left:1.2em">\n{"".join(items)}</ul>\n'
        f"<p>{escape(summary)}</p>\n</section>\n"
    )


# What an error outlines in the report: the cell of a figure, or the heading of a text; a
# link to it scrolls it a third of the way down, so the lines above it stay in view.
MARK_STYLE = (
    "<style>[data-reportgen-error]{outline:3px solid #c00;outline-offset:-2px;"
    "scroll-margin-top:30vh;background:#fee}</style>\n"
)


def _mark(page: str, key: str, fmt: formats.Format | None, index: int) -> tuple[str, str]:
    """``page`` with the place ``key`` concerns given an anchor and outlined, and the anchor;
    no anchor when the report has no such place (a contact detail, the file's format)."""
    anchor = f"reportgen-error-{index}"
    attributes = f'id="{anchor}" data-reportgen-error=""'
    cell = f'data-key="{escape(key)}"'
    if cell in page:
        return page.replace(cell, f"{attributes} {cell}", 1), anchor
    heading = _heading(key, fmt)
    if heading:
        pattern = re.compile(f"<(h[1-6])((?:\\s[^>]*)?)>(\\s*{re.escape(escape(heading))})")
        found = pattern.search(page)
        if found:
            tag = f"<{found.group(1)} {attributes}{found.group(2)}>"
            return page[: found.start()] + tag + page[found.start(3) :], anchor
    return page, ""


def _heading(key: str, fmt: formats.Format | None) -> str:
    """The heading of the part of the report a key's text or figures go to."""
    if fmt is None:
        return ""
    parts = [part for part in key.split(".") if not part.isdigit()]
    for end in range(len(parts), 0, -1):
        spec = fmt.fields.get(".".join(parts[:end]))
        if spec is not None and (spec.heading or spec.section):
            if spec.heading:
                return spec.heading
            section = fmt.sections.get(spec.section or "")
            return section.heading if section else ""
    section = fmt.sections.get(parts[0]) if parts else None
    return section.heading if section else ""


def _after_start_of_body(page: str, insert: str) -> str:
    match = re.search(r"<body[^>]*>\n?", page, re.IGNORECASE)
    end = match.end() if match else 0
    return page[:end] + insert + page[end:]


def _before_end_of_body(page: str, insert: str) -> str:
    found = page.lower().rfind("</body>")
    end = found if found >= 0 else len(page)
    return page[:end] + insert + page[end:]
