"""Each file read once: where keys were written is found only when a message needs a line,
and a shared file that many departments extend is read once per process."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import tomli
from test_extends import CITY, DEPARTMENT, write

import reportgen
from reportgen.read import inherit, key_locator, source
from reportgen.runs import planning

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


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts given to the TOML parser."""
    texts: list[str] = []
    loads = tomli.loads

    def counted(text: str, **options: Any) -> dict[str, Any]:
        texts.append(text)
        return loads(text, **options)

    monkeypatch.setattr(tomli, "loads", counted)
    return texts


def test_planning_a_batch_parses_each_file_only_to_its_agency(
    tmp_path: Path, parsed: list[str]
) -> None:
    # The departments' prose and figures are parsed by their builds, not by the planning too.
    write(tmp_path / "city-defaults.toml", CITY)
    for name in ("甲局", "乙局"):
        write(tmp_path / name / "year.toml", DEPARTMENT.replace("某某市民政局", name))
    files, shared, _, looks = planning.plan([tmp_path])
    assert [path.parent.name for path in files] == ["乙局", "甲局"]
    assert shared == [tmp_path / "city-defaults.toml"]
    assert {(look.agency, look.year) for look in looks.values() if look.agency} == {
        ("甲局", 2025),
        ("乙局", 2025),
    }
    departments = [text for text in parsed if text.startswith("extends")]
    assert len(departments) == 2 and not any("[overview]" in text for text in departments)


@pytest.mark.parametrize(
    "text",
    [
        # [agency] on a line of a text over lines: the cut after it does not parse
        'format = "2021"\nyear = 2025\nnote = """\n[agency]\n"""\n[agency]\nname = "真局"\n',
        # the cut inside an array over lines
        'format = "2021"\nyear = 2025\n[agency]\nname = "真局"\nlist = [\n[1],\n]\n[other]\n',
        # no [agency] header: the agency in a dotted key
        'format = "2021"\nyear = 2025\nagency.name = "真局"\n[other]\nx = 1\n',
    ],
)
def test_the_head_of_a_year_file_is_what_its_full_parse_holds(tmp_path: Path, text: str) -> None:
    path = write(tmp_path / "year.toml", text)
    head = source.head(path, "agency")
    full = source.read(path).data
    assert head["agency"]["name"] == full["agency"]["name"] == "真局"
    assert (head["format"], head["year"]) == (full["format"], full["year"])


def test_the_head_of_each_sample_is_what_its_full_parse_holds() -> None:
    samples = [
        path for path in sorted(ROOT.glob("samples/**/*.toml")) if "templates" not in path.parts
    ]
    assert len(samples) == 5
    for path in samples:
        head, full = source.head(path, "agency"), source.read(path).data
        assert {key: head[key] for key in head if key != "agency"} == {
            key: full[key] for key in head if key != "agency"
        }
        assert head["agency"].items() <= full["agency"].items(), path


def test_a_shared_file_replaced_is_read_again_even_with_its_size_and_time(tmp_path: Path):
    # An editor's save writes a new file and renames it over the old one: a new file, though
    # its size and modification time may be the old one's.
    city = write(tmp_path / "city-defaults.toml", CITY)
    department = write(tmp_path / "民政局" / "year.toml", DEPARTMENT)
    assert inherit.read(department).data["year"] == 2025
    times = city.stat().st_atime_ns, city.stat().st_mtime_ns
    write(tmp_path / "new.toml", CITY.replace("year = 2025", "year = 2024"))
    os.utime(tmp_path / "new.toml", ns=times)
    os.replace(tmp_path / "new.toml", city)
    assert inherit.read(department).data["year"] == 2024
