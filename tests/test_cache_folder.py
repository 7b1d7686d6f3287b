"""The cache folder is platformdirs' user cache folder, also where reportgen finds it without
importing platformdirs (Linux)."""

from __future__ import annotations

import platformdirs
import pytest

from reportgen import cache


@pytest.mark.parametrize("xdg", [None, "/srv/cache", "relative/cache", ""])
def test_same_folder_as_platformdirs(monkeypatch: pytest.MonkeyPatch, tmp_path, xdg):
    monkeypatch.setenv("HOME", str(tmp_path))
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert cache._root() == platformdirs.user_cache_dir("reportgen", appauthor=False)


def test_folder_made_inside_it(monkeypatch: pytest.MonkeyPatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.directory("formats") == str(tmp_path / "reportgen" / "formats")
    assert (tmp_path / "reportgen" / "formats").is_dir()
