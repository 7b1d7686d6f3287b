"""The preview server without a browser: pages fetched with urllib, files edited on disk."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SAMPLE
from typer.testing import CliRunner

from reportgen.cli.commands import app
from reportgen.runs.preview import Preview, ServeError

runner = CliRunner()
POLL = 0.05  # seconds between the watcher's looks at the files


def fetch(url: str, host: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def page(preview: Preview) -> str:
    return fetch(preview.url)[1]


def version(preview: Preview) -> int:
    return int(fetch(preview.url + "version")[1])


def await_version(preview: Preview, after: int) -> int:
    """Wait for the watcher to notice an edit. The deadline only keeps a broken watcher from
    hanging the suite; how long the rebuild takes is not under test."""
    deadline = time.monotonic() + 30
    while (current := version(preview)) == after:
        assert time.monotonic() < deadline, "the preview never rebuilt"
        time.sleep(POLL)
    return current


@pytest.fixture
def year(tmp_path: Path) -> Path:
    path = tmp_path / "year.toml"
    path.write_text(SAMPLE.read_text("utf-8"), encoding="utf-8")
    return path


@pytest.fixture
def preview(year: Path) -> Iterator[Preview]:
    with Preview(year, port=0, interval=POLL) as server:
        yield server


def save(path: Path, text: str) -> None:
    """Save as editors do, all at once: a file written in two steps (emptied, then filled)
    could be seen half-written by the watcher, which is not what these tests are about."""
    temporary = path.with_name(path.name + ".swp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    save(path, text.replace(old, new, 1))


def test_serves_the_report_with_its_tables_on_localhost_only(preview: Preview):
    assert preview.url.startswith("http://127.0.0.1:")
    status, html = fetch(preview.url)
    assert status == 200
    assert html.count("<table") == 3
    assert "本年新收政府信息公开申请数量" in html and "行政复议" in html
    assert "reportgen-findings" not in html  # the sample is clean
    assert 'fetch("/version"' in html and f'var version = "{version(preview)}"' in html


def test_an_edit_rebuilds_the_page_and_changes_the_version(year: Path, preview: Preview):
    before = version(preview)
    assert ">4321<" not in page(preview)
    edit(year, "decisions = 126", "decisions = 4321")
    assert await_version(preview, before) > before
    assert ">4321<" in page(preview)


def test_a_broken_file_keeps_the_report_under_its_errors(year: Path, preview: Preview):
    before = version(preview)
    edit(year, "decisions = 126", "decisions = -126")
    await_version(preview, before)
    html = page(preview)
    banner = html[html.index('<section id="reportgen-findings"') : html.index("</section>")]
    assert (
        "<h2>检查发现以下错误：报告中出错之处已用红框标出，点击一条错误可跳到该处；"
        "改正并保存后本页自动刷新</h2>"
    ) in banner
    line = year.read_text("utf-8").splitlines().index("decisions = -126") + 1
    assert (
        f'<li class="error"><a href="#reportgen-error-0">{year}:{line}: active.licensing.decisions:'
        " 「行政许可」应为非负整数，实际为负数 -126</a></li>"
    ) in banner
    assert "<p>1 个错误，0 个警告</p>" in banner
    # The report stays, the cell in error outlined and the link's target.
    assert html.index("</section>") < html.index("<main")
    assert html.count("<table") == 3 and "<h2>一、总体情况</h2>" in html
    assert (
        'id="reportgen-error-0" data-reportgen-error="" data-key="active.licensing.decisions"'
    ) in html
    assert 'fetch("/version"' in html  # and it reloads once the file is fixed
    fixed = version(preview)
    edit(year, "decisions = -126", "decisions = 126")
    await_version(preview, fixed)
    assert "reportgen-findings" not in page(preview)


def test_an_error_in_a_text_links_to_its_heading(year: Path, preview: Preview):
    before = version(preview)
    edit(year, 'active = """', 'active = """\n{requests.totl.total}')
    await_version(preview, before)
    html = page(preview)
    assert '<a href="#reportgen-error-0">' in html
    assert '<h3 id="reportgen-error-0" data-reportgen-error="">（一）主动公开</h3>' in html


def test_a_file_that_cannot_be_read_shows_the_last_good_report(year: Path, preview: Preview):
    good = page(preview)
    before = version(preview)
    edit(year, "[agency]", "[agency")
    await_version(preview, before)
    html = page(preview)
    assert (
        "<h2>检查发现以下错误，报告暂时无法按当前文件生成：下面是上次生成成功的报告，"
        "点击一条错误可跳到相关之处；改正并保存后本页自动刷新</h2>"
    ) in html
    assert "TOML 语法错误" in html
    # The report below is the last good one, as it was.
    report = good[good.index("<main") : good.index("</main>")]
    assert report in html


def test_the_error_banners_in_english(year: Path):
    with Preview(year, language="en", port=0, interval=POLL) as preview:
        before = version(preview)
        edit(year, "decisions = 126", "decisions = -126")
        await_version(preview, before)
        assert (
            "<h2>The check found these errors: they are outlined in red in the report below;"
            " click one to go to it. This page reloads when you save</h2>"
        ) in page(preview)
        before = version(preview)
        edit(year, "[agency]", "[agency")
        await_version(preview, before)
        assert (
            "<h2>The check found these errors and the report cannot be built from the file as"
            " it is: below is the last report that could; click an error to go to the place it"
            " concerns. This page reloads when you save</h2>"
        ) in page(preview)


def test_a_toml_syntax_error_is_shown_with_line_and_column(year: Path, preview: Preview):
    before = version(preview)
    edit(year, "[agency]", "[agency")
    await_version(preview, before)
    html = page(preview)
    assert "TOML 语法错误" in html and f"{year}:" in html


def test_warnings_are_shown_above_the_report_escaped(year: Path, preview: Preview):
    before = version(preview)
    save(year, year.read_text("utf-8") + '\n["<b>x</b>"]\ny = 1\n')
    await_version(preview, before)
    html = page(preview)
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html
    assert html.index('id="reportgen-findings"') < html.index("<main")
    assert "检查发现以下问题（报告已生成）" in html and "<table" in html


def test_a_template_edit_rebuilds(tmp_path: Path, year: Path):
    templates = tmp_path / "templates"
    (templates / "base").mkdir(parents=True)
    css = templates / "base" / "report.css"
    css.write_text("body { color: #010203; }", encoding="utf-8")
    with Preview(year, [templates], port=0, interval=POLL) as preview:
        before = version(preview)
        assert "#010203" in page(preview)
        save(css, "body { color: #040506; }")
        await_version(preview, before)
        assert "#040506" in page(preview)


def test_an_edit_in_the_year_file_s_own_templates_rebuilds(tmp_path: Path, year: Path):
    css = tmp_path / "office" / "base" / "report.css"
    css.parent.mkdir(parents=True)
    css.write_text("body { color: #010203; }", encoding="utf-8")
    year.write_text('templates = "office"\n' + year.read_text("utf-8"), encoding="utf-8")
    with Preview(year, port=0, interval=POLL) as preview:
        before = version(preview)
        assert "#010203" in page(preview)
        save(css, "body { color: #040506; }")
        await_version(preview, before)
        assert "#040506" in page(preview)


def test_an_edit_that_changes_nothing_keeps_the_version(year: Path, preview: Preview):
    before = version(preview)
    save(year, year.read_text("utf-8") + "\n# a comment\n")
    preview.refresh()  # what the watcher does; called here so the test need not wait
    assert version(preview) == before


def test_a_missing_file_is_a_findings_page(tmp_path: Path):
    with Preview(tmp_path / "missing.toml", port=0, language="en") as preview:
        html = page(preview)
    assert "The report could not be built" in html and "file not found" in html


def test_other_hosts_and_paths_are_refused(preview: Preview):
    # A page on another site reaching 127.0.0.1 by DNS rebinding sends its own host name.
    assert fetch(preview.url, host="attacker.example:80")[0] == 403
    assert fetch(preview.url + "year.toml")[0] == 404


def test_a_busy_port_is_a_message(year: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ServeError):
            Preview(year, port=port)
        result = runner.invoke(app, ["preview", str(year), "--port", str(port)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"无法在 127.0.0.1:{port} 上启动预览：")
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="sends SIGINT")
def test_ctrl_c_stops_the_command_cleanly(year: Path):
    environment = {**os.environ, "REPORTGEN_LANG": "zh"}
    process = subprocess.Popen(
        [sys.executable, "-m", "reportgen", "preview", str(year), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )
    try:
        first = process.stderr.readline()
        assert first.startswith("正在预览：http://127.0.0.1:"), first
        url = first.removeprefix("正在预览：").split("（")[0]
        assert "<table" in fetch(url)[1]
        process.send_signal(signal.SIGINT)
        _, rest = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0
    assert rest == "预览已停止\n"
