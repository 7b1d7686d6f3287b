"""Each file read once: where keys were written is found only when a message needs a line,
and a shared file that many departments extend is read once per process."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_extends import CITY, DEPARTMENT, write

import reportgen
from reportgen.read import inherit, key_locator, source

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "2021-city-civil-affairs.toml"


@pytest.fixture
def located(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the key locator walked."""
    walked: list[str] = []
    run = key_locator.KeyLocator.run

    def counted(self: key_locator.KeyLocator) -> dict[key_locator.KeyPath, tuple[int, int]]:
        walked.append(self.text)
        return run(self)

    monkeypatch.setattr(key_locator.KeyLocator, "run", counted)
    return walked


def test_a_clean_file_is_never_walked_for_lines(tmp_path: Path, located: list[str]) -> None:
    built = reportgen.build(SAMPLE, tmp_path, strict=True)
    assert len(built.paths) == 2 and built.findings == []
    assert located == []


def test_a_finding_still_has_its_line(tmp_path: Path, located: list[str]) -> None:
    text = SAMPLE.read_text("utf-8").replace("[agency]", "[agency]\nnmae = 1", 1)
    path = write(tmp_path / "year.toml", text)
    (finding,) = reportgen.check(path).findings
    line = text.splitlines().index("nmae = 1") + 1
    assert (finding.code, finding.location.line) == ("unknown_key", line)
    assert len(located) == 1


def test_a_shared_file_is_read_once_and_warns_every_department(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A character no .docx can hold, in a shared table the departments do not write: removed,
    # with a warning, in each department's check, though the shared file is parsed once.
    write(tmp_path / "city-defaults.toml", CITY.replace("本机关未收取", "本机关\\uFFFE未收取"))
    departments = [
        write(tmp_path / name / "year.toml", DEPARTMENT.replace("某某市民政局", name))
        for name in ("甲局", "乙局", "丙局")
    ]
    read: list[Path] = []
    original = source.read

    def counted(path: Path) -> source.Source:
        read.append(path.name)
        return original(path)

    monkeypatch.setattr(source, "read", counted)
    monkeypatch.setattr(inherit, "_SHARED", {})
    for path in departments:
        checked = reportgen.check(path)
        assert [f.code for f in checked.findings] == ["cleaned"]
        assert checked.findings[0].location.file == str(tmp_path / "city-defaults.toml")
        assert checked.year.values["other.fees"] == ("2025年，本机关未收取信息处理费。",)
    assert read == ["year.toml", "city-defaults.toml", "year.toml", "year.toml"]
