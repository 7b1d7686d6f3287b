"""A format description's expanded data kept across processes is used only while every file it
read, and every include lookup it made, is still the same (issue 15)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from reportgen.errors import FormatError
from reportgen.formats import description
from reportgen.formats.builtin import builtin_templates


@pytest.fixture
def templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    folder = tmp_path / "templates"
    shutil.copytree(builtin_templates() / "2021", folder / "2021")
    yield folder
    description.load.cache_clear()


def _load(path: Path) -> description.Format:
    description.load.cache_clear()  # each load as a new process's first
    return description.load(path)


def _kept(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / "reportgen" / "formats").glob("*.json"))


def test_a_kept_description_loads_the_same(templates: Path, tmp_path: Path) -> None:
    path = templates / "2021" / "format.toml"
    first = _load(path)
    assert len(_kept(tmp_path)) == 1
    assert _load(path) == first


def test_an_included_file_shadowing_the_builtin_one_is_seen(templates: Path) -> None:
    path = templates / "2021" / "format.toml"
    assert _load(path).fields["year"].label == "报告年度"
    (templates / "base").mkdir()
    agency = (builtin_templates() / "base" / "agency.toml").read_text(encoding="utf-8")
    own = templates / "base" / "agency.toml"
    own.write_text(agency.replace('label = "报告年度"', 'label = "年度"'), encoding="utf-8")
    assert _load(path).fields["year"].label == "年度"
    own.write_text(agency.replace('label = "报告年度"', 'label = "本年度"'), encoding="utf-8")
    assert _load(path).fields["year"].label == "本年度"
    own.unlink()
    assert _load(path).fields["year"].label == "报告年度"


def test_a_description_broken_after_it_was_kept_is_refused(templates: Path) -> None:
    path = templates / "2021" / "format.toml"
    _load(path)
    path.write_text(path.read_text(encoding="utf-8") + "\n[[fields]]\nkey = 1\n", encoding="utf-8")
    with pytest.raises(FormatError):
        _load(path)


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="no file owners on this platform")
def test_a_cache_folder_others_can_write_is_not_used(templates: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache" / "reportgen" / "formats"
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    _load(templates / "2021" / "format.toml")
    assert _kept(tmp_path) == []
