from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "2021-city-civil-affairs.toml"

# The smallest year file that passes `check --strict`: every required field, no counts.
MINIMAL = """\
format = "2021"
year = 2025

[agency]
name = "测试县统计局"
issued = 2026-01-15

[overview]
active = "主动公开情况。"
on_request = "依申请公开情况。"
management = "政府信息管理情况。"
platforms = "平台建设情况。"
oversight = "监督保障情况。"

[[problems]]
problem = "问题一。"
measures = "措施一。"

[other]
fees = "2025年，本机关未收取信息处理费。"
"""


@pytest.fixture
def year_file(tmp_path: Path):
    """Write a year file (MINIMAL plus extra TOML) and return its path."""

    def write(extra: str = "", base: str = MINIMAL, name: str = "year.toml") -> Path:
        path = tmp_path / name
        path.write_text(base + extra, encoding="utf-8")
        return path

    return write
