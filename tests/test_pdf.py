"""PDF and page images: the sample converted by the real LibreOffice and pdftoppm, read back
with poppler; and, with stand-in programs, what happens when the tools are missing or fail."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLE
from typer.testing import CliRunner

import reportgen
from reportgen.cli.commands import app
from reportgen.errors import ReportgenError
from reportgen.writers import pdf

NAME = "某某市民政局2025年政府信息公开工作年度报告"
TOOLS = ("pdfinfo", "pdftotext", "pdffonts", "pdftoppm")
INSTALLED = pdf.find_soffice() is not None and all(shutil.which(tool) for tool in TOOLS)
runner = CliRunner()

needs_libreoffice = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(
        not INSTALLED and not os.environ.get("CI"),
        reason="LibreOffice (soffice) and poppler-utils are not installed",
    ),
]
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="stand-in tools are sh scripts")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """The sample built once as .docx, .pdf and page images; outputs by suffix."""
    assert INSTALLED, "CI installs LibreOffice and poppler-utils"
    out = tmp_path_factory.mktemp("pdf")
    result = reportgen.build(SAMPLE, out, to=["docx", "pdf", "png"], strict=True)
    found: dict[str, list[Path]] = {}
    for path in result.paths:
        found.setdefault(path.suffix, []).append(path)
    return found


def poppler(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def page_count(path: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", poppler("pdfinfo", str(path)), re.M).group(1))


class TestRealConversion:
    pytestmark = needs_libreoffice

    def test_outputs_are_named_after_the_report(self, built):
        assert [path.name for path in built[".pdf"]] == [f"{NAME}.pdf"]
        pages = built[".png"]
        assert [path.name for path in pages] == [f"{n}.png" for n in range(1, len(pages) + 1)]
        assert {path.parent.name for path in pages} == {f"{NAME}.pages"}
        # Written by the atomic writer: nothing temporary left beside them.
        assert not [path for path in pages[0].parent.parent.rglob(".*") if path.is_file()]

    def test_every_page_is_a4(self, built):
        path = built[".pdf"][0]
        pages = page_count(path)
        assert pages >= 4  # title, prose, three tables, closing sections
        info = poppler("pdfinfo", "-f", "1", "-l", str(pages), str(path))
        sizes = re.findall(r"^Page\s+\d+ size:\s+(.*)$", info, re.M)
        assert len(sizes) == pages
        assert all(size.endswith("(A4)") for size in sizes), sizes

    def test_text_holds_the_tables_labels(self, built):
        path = built[".pdf"][0]
        flat = "".join(poppler("pdftotext", str(path), "-").split())
        for label in (
            NAME,
            "本年新收政府信息公开申请数量",
            "申请人情况",
            "（七）总计",
            "行政规范性文件",
            "行政复议",
            "复议后起诉",
        ):
            assert label in flat, label
        # The footer numbers every page, the last one with the page count.
        assert f"—{page_count(path)}—" in flat

    def test_fonts_are_embedded_and_chinese_has_a_cjk_font(self, built):
        listing = poppler("pdffonts", str(built[".pdf"][0])).splitlines()[2:]
        names = [line.split()[0] for line in listing]
        assert any(re.search(r"CJK|Ming|Kai|Song|Hei|Fang", name, re.I) for name in names), names
        # 仿宋 body text in a serif face, 黑体 headings in a sans one (writers/pdf.py's stand-ins).
        assert any(re.search(r"Serif.*CJK|Ming|Song|Fang", name, re.I) for name in names), names
        assert any(re.search(r"Sans.*CJK|Hei", name, re.I) for name in names), names
        assert all(line.split()[-5] == "yes" for line in listing), listing  # emb column

    def test_page_images_are_a4_pngs_one_per_page(self, built):
        pages = built[".png"]
        assert len(pages) == page_count(built[".pdf"][0])
        for page in pages:
            data = page.read_bytes()
            assert data[:8] == b"\x89PNG\r\n\x1a\n"
            width, height = struct.unpack(">II", data[16:24])
            assert height / width == pytest.approx(297 / 210, rel=0.01)

    def test_one_soffice_converts_a_batch(self, built):
        document = built[".docx"][0].read_bytes()
        with pdf.Converter() as converter:
            first, second = converter.convert([document, document])
        assert first.startswith(b"%PDF") and second.startswith(b"%PDF")

    def test_cli_builds_pdf_beside_the_others(self, tmp_path: Path):
        result = runner.invoke(
            app, ["build", str(SAMPLE), "-o", str(tmp_path), "--to", "docx,html,pdf"]
        )
        assert result.exit_code == 0, result.stderr
        assert result.stderr == ""
        assert result.stdout.splitlines() == [
            str(tmp_path / f"{NAME}.{ext}") for ext in ("docx", "html", "pdf")
        ]
        assert (tmp_path / f"{NAME}.pdf").read_bytes().startswith(b"%PDF")


# Stand-ins for soffice and pdftoppm: fast, and able to fail on demand. They run with PATH
# holding only themselves, so they name the programs they use by full path.
MKDIR, BASENAME, SLEEP = (shutil.which(name) or name for name in ("mkdir", "basename", "sleep"))

FAKE_SOFFICE = """#!/bin/sh
echo "$@" >> "{log}"
while [ $# -gt 0 ]; do
  case "$1" in
    --outdir) out="$2"; shift 2 ;;
    *.docx) files="$files $1"; shift ;;
    *) shift ;;
  esac
done
{mkdir} -p "$out"
for file in $files; do
  name=$({basename} "$file" .docx)
  printf '%%PDF-stand-in %s' "$name" > "$out/$name.pdf"
done
"""


def tool(folder: Path, name: str, script: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(script, encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.fixture
def only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """PATH holding only the given stand-in tools (and none of the installed ones)."""
    monkeypatch.setattr(pdf, "SOFFICE_LOCATIONS", ())
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))

    def install(name: str, script: str) -> Path:
        return tool(folder, name, script)

    return install


def outputs(directory: Path) -> list[str]:
    return sorted(path.name for path in directory.iterdir()) if directory.exists() else []


@posix_only
def test_without_libreoffice_the_others_are_written_and_the_exit_status_is_1(tmp_path: Path, only):
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(SAMPLE), "-o", str(out), "--to", "docx,html,pdf"])
    assert result.exit_code == 1
    assert outputs(out) == [f"{NAME}.docx", f"{NAME}.html"]
    assert result.stdout.splitlines() == [str(out / f"{NAME}.docx"), str(out / f"{NAME}.html")]
    assert result.stderr.startswith("未生成 PDF：找不到 LibreOffice。请安装 LibreOffice")
    assert "sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk" in result.stderr
    assert "Traceback" not in result.stderr


@posix_only
def test_without_libreoffice_in_english(tmp_path: Path, only):
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["build", str(SAMPLE), "-o", str(out), "--to", "pdf,png", "--lang", "en"]
    )
    assert result.exit_code == 1
    assert outputs(out) == []
    assert result.stderr.splitlines()[0].startswith(
        "PDF/PNG not made: LibreOffice is not installed. Install LibreOffice"
    )


@posix_only
def test_without_pdftoppm_the_pages_are_skipped(tmp_path: Path, only):
    only("soffice", FAKE_SOFFICE.format(log=tmp_path / "log", mkdir=MKDIR, basename=BASENAME))
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(SAMPLE), "-o", str(out), "--to", "html,pdf,png"])
    assert result.exit_code == 1
    assert outputs(out) == [f"{NAME}.html", f"{NAME}.pdf"]
    assert result.stderr.startswith("未生成 PNG：找不到 pdftoppm。请安装 poppler-utils")


@posix_only
def test_one_soffice_process_for_many_documents_with_a_private_profile(tmp_path: Path, only):
    log = tmp_path / "log"
    only("soffice", FAKE_SOFFICE.format(log=log, mkdir=MKDIR, basename=BASENAME))
    with pdf.Converter() as converter:
        converted = converter.convert([b"one", b"two", b"three"])
        converter.convert([b"four"])
    assert converted == [b"%PDF-stand-in 1", b"%PDF-stand-in 2", b"%PDF-stand-in 3"]
    calls = log.read_text().splitlines()
    assert len(calls) == 2  # one process per convert() call, not one per document
    profiles = {re.search(r"-env:UserInstallation=(\S+)", call).group(1) for call in calls}
    assert len(profiles) == 1 and profiles.pop().startswith("file:///")  # reused, private
    assert "--headless" in calls[0]


@posix_only
def test_a_failed_conversion_writes_nothing(tmp_path: Path, only):
    only("soffice", "#!/bin/sh\necho 'Error: source file could not be loaded' >&2\n")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(SAMPLE), "-o", str(out), "--to", "docx,pdf"])
    assert result.exit_code == 1
    assert outputs(out) == []
    assert result.stderr == ("LibreOffice 未能完成转换：Error: source file could not be loaded\n")


@posix_only
def test_a_hung_converter_is_stopped_with_its_children(
    tmp_path: Path, only, monkeypatch: pytest.MonkeyPatch
):
    marker = tmp_path / "child.pid"
    only("soffice", f'#!/bin/sh\n{SLEEP} 60 &\necho $! > "{marker}"\nwait\n')
    monkeypatch.setattr(pdf, "SOFFICE_TIMEOUT", 1.0)
    monkeypatch.setattr(pdf, "SOFFICE_TIMEOUT_PER_DOCUMENT", 0.0)
    with pytest.raises(pdf.ConversionFailed) as caught:
        pdf.convert(b"docx")
    assert caught.value.timeout == 1.0
    child = Path(f"/proc/{marker.read_text().strip()}/status")
    if child.exists():  # gone, or a zombie waiting for a parent that does not reap it
        assert re.search(r"^State:\s+Z", child.read_text(), re.M)


@posix_only
def test_cli_says_when_the_converter_timed_out(
    tmp_path: Path, only, monkeypatch: pytest.MonkeyPatch
):
    only("soffice", f"#!/bin/sh\nexec {SLEEP} 60\n")
    monkeypatch.setattr(pdf, "SOFFICE_TIMEOUT", 1.0)
    monkeypatch.setattr(pdf, "SOFFICE_TIMEOUT_PER_DOCUMENT", 0.0)
    result = runner.invoke(
        app, ["build", str(SAMPLE), "-o", str(tmp_path / "out"), "--to", "pdf", "--lang", "en"]
    )
    assert result.exit_code == 1
    assert result.stderr == "LibreOffice did not finish within 1 s and was stopped\n"


@posix_only
def test_the_library_raises_a_typed_error_when_a_tool_is_missing(tmp_path: Path, only):
    with pytest.raises(pdf.ToolMissing) as caught:
        reportgen.build(SAMPLE, tmp_path / "out", to=["docx", "pdf"])
    assert isinstance(caught.value, ReportgenError)
    assert (caught.value.tool, caught.value.output) == ("LibreOffice", "PDF")
    assert outputs(tmp_path / "out") == []  # the library stays all or nothing
