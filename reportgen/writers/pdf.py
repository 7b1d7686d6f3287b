"""PDF and page images, converted from the .docx by external tools: LibreOffice for the PDF,
poppler's pdftoppm for PNG pages.

The .docx is the typeset original; the PDF is what LibreOffice makes of it, so both outputs
show the same pages. A :class:`Converter` keeps one private LibreOffice profile and converts a
whole list of documents with one ``soffice`` process: starting LibreOffice costs far more than
converting a report, and a batch of reports should pay for it once. A resident converter (a
batch worker's) keeps one LibreOffice running for all its conversions: each ``soffice
--convert-to`` call then hands its documents to it and returns when they are converted.

Everything happens in temporary directories; callers get bytes and hand them to the atomic
writer, so no half-converted file ever appears beside the outputs.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from html import escape
from pathlib import Path

from reportgen.errors import ConversionFailed, ToolMissing

# Seconds for one soffice call: a cold start with a new profile takes a few seconds, a report
# well under one; the per-document share keeps a large batch from timing out.
SOFFICE_TIMEOUT = 120.0
SOFFICE_TIMEOUT_PER_DOCUMENT = 30.0
PDFTOPPM_TIMEOUT = 120.0
PAGE_DPI = 96  # an A4 page of 794 × 1123 pixels: enough to review, small enough to diff

# Where installers put soffice when it is not on PATH (macOS, Windows).
SOFFICE_LOCATIONS = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)

# The fonts the reference document names, and the fonts that stand in for them when they are
# missing, best first (the named font itself still comes first where installed). LibreOffice
# on Linux asks fontconfig, whose own fallback for an unknown Chinese family is a Latin font
# and then any CJK font, often the Japanese cut of Noto Sans: 仿宋 body text would come out in
# a sans-serif face. These keep serif text serif and 楷体 headings in a Kai face when one is
# installed (Debian: fonts-noto-cjk, fonts-arphic-ukai, fonts-arphic-uming).
FONT_STAND_INS = {
    "仿宋_GB2312": ("仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", "AR PL UMing CN"),
    "方正小标宋简体": ("FZXiaoBiaoSong-B05S", "Noto Serif CJK SC", "AR PL UMing CN"),
    "黑体": ("SimHei", "Noto Sans CJK SC", "WenQuanYi Zen Hei"),
    "楷体_GB2312": ("楷体", "KaiTi", "STKaiti", "AR PL UKai CN", "Noto Serif CJK SC"),
    "宋体": ("SimSun", "Noto Serif CJK SC", "AR PL UMing CN"),
    # Digits and Latin: fonts with Times New Roman's metrics, so lines break where Word's do
    # (Debian: fonts-liberation).
    "Times New Roman": ("Liberation Serif", "Tinos", "TeX Gyre Termes", "Nimbus Roman"),
}


def find_soffice() -> str | None:
    """LibreOffice's command: on PATH, else where its installers put it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    return next((path for path in SOFFICE_LOCATIONS if os.path.isfile(path)), None)


def find_pdftoppm() -> str | None:
    return shutil.which("pdftoppm")


class Converter:
    """LibreOffice converting .docx documents to PDF, with a profile of its own.

    The private profile (``-env:UserInstallation``) lets conversions run side by side and keeps
    a LibreOffice already open on the desktop from taking the job over (it would convert
    nothing and exit 0). Use as a context manager; the profile is removed on exit and reused
    by every :meth:`convert` call until then.
    """

    def __init__(self, soffice: str | None = None, *, resident: bool = False) -> None:
        found = soffice or find_soffice()
        if found is None:
            raise ToolMissing("LibreOffice", "PDF")
        self.soffice = found
        self._home = Path(tempfile.mkdtemp(prefix="reportgen-soffice-"))
        self._environment = _font_environment(self._home)
        self._resident: subprocess.Popen[bytes] | None = None
        if resident and sys.platform != "win32":
            self._start()

    def __enter__(self) -> Converter:
        return self

    def __exit__(self, *exception: object) -> None:
        self.close()

    def close(self) -> None:
        self._stop()
        shutil.rmtree(self._home, ignore_errors=True)

    def _start(self) -> None:
        """Start the resident LibreOffice and wait until it takes requests.

        Run headless with nothing open, LibreOffice quits after the first conversion handed
        to it, so it keeps a placeholder text open; the lock file it writes beside that says
        it is up (a conversion started sooner would start a LibreOffice of its own, which the
        resident one would then hand its placeholder to, never to quit). A small shell loop
        kills it with everything it started when this process dies, however it dies.
        """
        keep = self._home / "keep.txt"
        keep.write_text("reportgen\n", encoding="utf-8")
        watcher = (
            'watched=$1; shift; "$@" & started=$!; '
            'while kill -0 "$watched" 2>/dev/null && kill -0 "$started" 2>/dev/null; '
            "do sleep 1; done; kill -KILL 0"
        )
        command = [*self._command(), "--invisible", str(keep)]
        self._resident = subprocess.Popen(
            ["/bin/sh", "-c", watcher, "sh", str(os.getpid()), *command],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=self._environment,
            start_new_session=True,
        )
        lock = self._home / ".~lock.keep.txt#"
        deadline = time.monotonic() + SOFFICE_TIMEOUT
        while not lock.exists():
            if self._resident.poll() is not None or time.monotonic() > deadline:
                self._stop()  # each conversion then starts LibreOffice itself
                return
            time.sleep(0.05)

    def _stop(self) -> None:
        if self._resident is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._resident.pid, signal.SIGKILL)
            self._resident.wait()
            self._resident = None

    def _command(self) -> list[str]:
        profile = (self._home / "profile").as_uri()
        # --norestore: a profile left by a killed run must not offer document recovery
        return [self.soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore"]

    def convert(self, documents: Sequence[bytes]) -> list[bytes]:
        """The PDF of each .docx, in order, from a single soffice process."""
        if not documents:
            return []
        with tempfile.TemporaryDirectory(prefix="reportgen-pdf-") as work:
            folder = Path(work)
            # Numbered names: each PDF is found again by its number, whatever the reports are
            # called (a batch may hold two of the same name).
            sources = []
            for number, data in enumerate(documents, start=1):
                source = folder / f"{number}.docx"
                source.write_bytes(data)
                sources.append(str(source))
            output = folder / "pdf"
            command = [
                *self._command(),
                "--convert-to",
                "pdf:writer_pdf_Export",
                "--outdir",
                str(output),
                *sources,
            ]
            timeout = SOFFICE_TIMEOUT + SOFFICE_TIMEOUT_PER_DOCUMENT * len(documents)
            try:
                result = _run("LibreOffice", command, timeout, self._environment)
            except ConversionFailed:
                if self._resident is not None:  # it may be what hung: the next gets a new one
                    self._stop()
                    self._start()
                raise
            pdfs = []
            for number in range(1, len(documents) + 1):
                pdf = output / f"{number}.pdf"
                if not pdf.is_file():
                    raise ConversionFailed("LibreOffice", _last_line(result) or "no PDF written")
                pdfs.append(pdf.read_bytes())
            return pdfs


def convert(document: bytes) -> bytes:
    """One .docx to PDF (a converter for just this document)."""
    with Converter() as converter:
        return converter.convert([document])[0]


def page_images(pdf: bytes, dpi: int = PAGE_DPI) -> list[bytes]:
    """Every page of a PDF as PNG bytes, first page first."""
    pdftoppm = find_pdftoppm()
    if pdftoppm is None:
        raise ToolMissing("pdftoppm", "PNG")
    with tempfile.TemporaryDirectory(prefix="reportgen-png-") as work:
        folder = Path(work)
        source = folder / "report.pdf"
        source.write_bytes(pdf)
        command = [pdftoppm, "-png", "-r", str(dpi), str(source), str(folder / "page")]
        result = _run("pdftoppm", command, PDFTOPPM_TIMEOUT)
        # pdftoppm pads page numbers to the width of the last one (page-01.png … page-12.png).
        pages = sorted(folder.glob("page-*.png"), key=lambda path: int(path.stem.split("-")[1]))
        if not pages:
            raise ConversionFailed("pdftoppm", _last_line(result) or "no page written")
        return [page.read_bytes() for page in pages]


def _run(
    tool: str, command: list[str], timeout: float, environment: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a converter; on timeout kill it with everything it started (soffice is a script
    that starts soffice.bin, which would otherwise live on)."""
    posix = sys.platform != "win32"
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
            env=environment,
            start_new_session=posix,
        )
    except OSError as error:
        raise ConversionFailed(tool, error.strerror or str(error)) from None
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(process, posix)
        raise ConversionFailed(tool, "timed out", timeout) from None
    except BaseException:  # Ctrl-C: its own session would not get the signal
        _kill(process, posix)
        raise
    result = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
    if result.returncode != 0:
        raise ConversionFailed(tool, _last_line(result) or f"exit status {result.returncode}")
    return result


def _kill(process: subprocess.Popen[str], posix: bool) -> None:
    if posix:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    else:
        process.kill()
    process.communicate()


def _last_line(result: subprocess.CompletedProcess[str]) -> str:
    """The tool's last word on stderr (or stdout), ignoring LibreOffice's Java chatter."""
    lines = [
        line.strip()
        for line in (result.stderr + "\n" + result.stdout).splitlines()
        if line.strip() and not re.search(r"javaldx|java may not function", line)
    ]
    return lines[-1] if lines else ""


def _font_environment(home: Path) -> dict[str, str] | None:
    """soffice's environment with a fontconfig file that adds :data:`FONT_STAND_INS` to the
    system configuration; None (inherit unchanged) where fontconfig is not used."""
    if sys.platform in ("win32", "darwin"):
        return None
    aliases = "".join(
        f'  <alias binding="same"><family>{escape(name)}</family><accept>'
        + "".join(f"<family>{escape(stand_in)}</family>" for stand_in in stand_ins)
        + "</accept></alias>\n"
        for name, stand_ins in FONT_STAND_INS.items()
    )
    system = os.environ.get("FONTCONFIG_FILE", "/etc/fonts/fonts.conf")
    config = home / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f'  <include ignore_missing="yes">{escape(system)}</include>\n{aliases}</fontconfig>\n',
        encoding="utf-8",
    )
    return {**os.environ, "FONTCONFIG_FILE": str(config)}
