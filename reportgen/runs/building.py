"""Checked reports built: rendered, converted and written. The one build path: :func:`build`
(the library's ``reportgen.build``) builds one year file as a batch of one, and each chunk of a
batch goes through the same :func:`build_reports`, with the same renderer, writers and
converter.

A :class:`Workshop` keeps what costs to make from one report to the next in a process: the
Jinja environment of each template search path (templates loaded and compiled once) and
LibreOffice (which costs far more to start than a report costs to convert: all the reports
handed over at once are converted by one LibreOffice call).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from reportgen.errors import InputError
from reportgen.messages.findings import Finding
from reportgen.runs import rendering
from reportgen.runs.single import CONVERTED, OUTPUTS, Checked, check, destinations, report_name


# Plain classes rather than dataclasses, which cost about half a millisecond of start-up each.
class Built:
    __slots__ = ("findings", "paths")

    def __init__(self, paths: list[Path], findings: list[Finding]) -> None:
        self.paths = paths
        self.findings = findings


class Workshop:
    """What a process keeps from one report to the next. ``resident``: LibreOffice stays
    running between conversions (a batch's worker); a worker closes it when it exits."""

    def __init__(self, resident: bool = False) -> None:
        self.resident = resident
        # Jinja environments by template search path.
        self.environments: dict[tuple[Path, ...], Any] = {}
        self._converter: Any = None  # a pdf.Converter, started for the first conversion

    def __enter__(self) -> Workshop:
        return self

    def __exit__(self, *exception: object) -> None:
        self.close()

    def converter(self) -> Any:
        if self._converter is None:
            from reportgen.writers import pdf

            self._converter = pdf.Converter(resident=self.resident)
            if self.resident:
                from multiprocessing import util

                util.Finalize(self._converter, self._converter.close, exitpriority=10)
        return self._converter

    def close(self) -> None:
        if self._converter is not None:
            self._converter.close()
            self._converter = None


def build(
    path: str | Path,
    output_dir: str | Path | None = None,
    to: Iterable[str] = OUTPUTS,
    *,
    strict: bool = False,
    previous: str | Path | None = None,
    templates: Iterable[str | Path] = (),
) -> Built:
    """Check, render every requested output in memory, then write them all atomically.

    Outputs go to ``output_dir`` (default: beside the year file) as
    ``<agency><year>年政府信息公开工作年度报告.<ext>``. On errors (or warnings, if ``strict``)
    raises InputError carrying every finding, and writes nothing.
    """
    checked = check(path, previous, tuple(templates))
    if checked.failed(strict):
        raise InputError(checked.findings)
    directory = Path(output_dir) if output_dir is not None else Path(path).parent
    with Workshop() as workshop:
        [result] = build_reports([(checked, directory)], tuple(to), workshop)
    if isinstance(result, Exception):
        raise result
    return Built(result, checked.findings)


def build_reports(
    reports: Sequence[tuple[Checked, Path]],
    outputs: tuple[str, ...],
    workshop: Workshop,
    *,
    sync: bool = True,
) -> list[list[Path] | Exception]:
    """Each checked report's outputs written into its directory, in the order asked: the
    paths written, or the error that stopped that report (a failed conversion stops every
    report converted with it). Nothing of a report is written unless all of it was made."""
    converted = [output for output in outputs if output in CONVERTED]
    plain = tuple(output for output in outputs if output not in CONVERTED)
    # The .docx is rendered for conversion even when not asked for itself.
    wanted = (*plain, "docx") if converted and "docx" not in plain else plain
    results: list[list[Path] | Exception] = [[] for _ in reports]
    made: dict[int, dict[str, bytes]] = {}
    for index, (checked, _) in enumerate(reports):
        try:
            made[index] = rendering.render(checked, wanted, workshop.environments)
        except Exception as error:
            results[index] = error
    if converted and made:
        try:
            _convert(list(made.values()), outputs, workshop)
        except Exception as error:
            for index in made:
                results[index] = error
            made = {}
    from reportgen.writers.output import write_all

    for index, parts in made.items():
        checked, directory = reports[index]
        try:
            ordered = destinations(directory, report_name(checked), _in_order(parts, outputs))
            results[index] = write_all(ordered, sync=sync)
        except Exception as error:
            results[index] = error
    return results


def _convert(made: list[dict[str, bytes]], outputs: tuple[str, ...], workshop: Workshop) -> None:
    """PDF (and page images) for every rendered report, with one LibreOffice call."""
    from reportgen.writers import pdf

    documents = workshop.converter().convert([parts["docx"] for parts in made])
    for parts, document in zip(made, documents, strict=True):
        if "pdf" in outputs:
            parts["pdf"] = document
        if "png" in outputs:
            # Keys are name suffixes: "pages/1.png" is written as <report>.pages/1.png.
            for number, image in enumerate(pdf.page_images(document), start=1):
                parts[f"pages/{number}.png"] = image


def _in_order(parts: dict[str, bytes], outputs: tuple[str, ...]) -> dict[str, bytes]:
    """The outputs asked for, in the order asked (the .docx made only to be converted left
    out): the order their paths are printed in."""
    keys = {"html": ["html"], "html-fragment": ["fragment.html"], "docx": ["docx"], "pdf": ["pdf"]}
    keys["png"] = [key for key in parts if key.startswith("pages/")]
    return {key: parts[key] for output in outputs for key in keys[output]}
