"""The live preview in a real browser: the system's Chromium, headless, driven by selenium
through the system's chromedriver (no browser is downloaded)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SAMPLE

from reportgen.runs.preview import Preview

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
INSTALLED = os.path.isfile(CHROMIUM) and os.path.isfile(CHROMEDRIVER)

try:
    from selenium import webdriver
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # the dev extra installs it; CI must not skip for want of it
    webdriver = None

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        (webdriver is None or not INSTALLED) and not os.environ.get("CI"),
        reason="Chromium, chromedriver or selenium is not installed",
    ),
]

# How long to wait for the page to catch up with an edit: a bound on a hang, not a speed test.
PATIENCE = 60


def chromium(user_data: Path) -> webdriver.Chrome:
    """The system's Chromium, headless, with a profile of its own."""
    assert webdriver is not None and INSTALLED, "CI installs chromium, chromium-driver, selenium"
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    # Without these Chromium waits on the network (updates, sync, first-run) and never starts.
    for argument in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={user_data}",
    ):
        options.add_argument(argument)
    return webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    driver = chromium(tmp_path / "chromium")
    try:
        yield driver
    finally:
        driver.quit()


def test_the_page_follows_the_year_file(tmp_path: Path, browser):
    year = tmp_path / "year.toml"
    year.write_text(SAMPLE.read_text("utf-8"), encoding="utf-8")
    with Preview(year, port=0, interval=0.1) as preview:
        browser.get(preview.url)
        tables = browser.find_elements(By.CSS_SELECTOR, "main table")
        assert len(tables) == 3
        assert "本年新收政府信息公开申请数量" in tables[1].text
        assert "行政复议" in tables[2].text
        # An element read while the page reloads itself goes stale: read it again.
        wait = WebDriverWait(
            browser,
            PATIENCE,
            poll_frequency=0.1,
            ignored_exceptions=(StaleElementReferenceException,),
        )

        def table_text(driver) -> str:
            tables = driver.find_elements(By.CSS_SELECTOR, "main table")
            return tables[0].text if len(tables) == 3 else ""

        # The clerk saves a new number; the page shows it without being reloaded by hand.
        year.write_text(
            year.read_text("utf-8").replace("decisions = 126", "decisions = 4321"), "utf-8"
        )
        wait.until(lambda driver: "4321" in table_text(driver))

        # A slip mid-edit: the errors appear above the report, which stays in view.
        year.write_text(
            year.read_text("utf-8").replace("decisions = 4321", "decisions = -4321"), "utf-8"
        )

        def findings_text(driver) -> str:
            found = driver.find_elements(By.ID, "reportgen-findings")
            text = found[0].text if found else ""
            return text if "-4321" in text else ""

        findings = wait.until(findings_text)
        assert "year.toml:" in findings and "实际为负数 -4321" in findings
        headings = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "main h2")]
        assert headings[:2] == ["一、总体情况", "二、主动公开政府信息情况"]
        assert len(browser.find_elements(By.CSS_SELECTOR, "main table")) == 3

        # A click on the error scrolls from the top of the page to the cell it concerns,
        # outlined in the table. (Read afresh each time: a save may reload the page.)
        def clicked_into_view(driver):
            driver.execute_script("window.scrollTo(0, 0);")
            cell = driver.find_element(By.CSS_SELECTOR, '[data-key="active.licensing.decisions"]')
            assert not _in_view(driver, cell)
            driver.find_element(By.CSS_SELECTOR, "#reportgen-findings a").click()
            return cell if _in_view(driver, cell) else None

        cell = wait.until(clicked_into_view)
        assert cell.value_of_css_property("outline-style") == "solid"

        # Fixed again: back to the report, without the banner.
        year.write_text(
            year.read_text("utf-8").replace("decisions = -4321", "decisions = 99"), "utf-8"
        )
        wait.until(lambda driver: "99" in table_text(driver))
        assert browser.find_elements(By.ID, "reportgen-findings") == []


def _in_view(driver, element) -> bool:
    return driver.execute_script(
        "var box = arguments[0].getBoundingClientRect();"
        # Sub-pixel layout: a cell scrolled to the top may start at -0.09.
        "return box.top > -1 && box.bottom < window.innerHeight + 1;",
        element,
    )
