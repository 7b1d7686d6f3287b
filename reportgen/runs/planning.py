"""A batch planned: the year files its inputs name (files, directories searched, glob
patterns), the shared-defaults files among them left out, and two files that would write the
same report refused before anything is written. See runs/batch.py."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import InputError, ReportgenError
from reportgen.messages import findings
from reportgen.messages.findings import Finding, Location, Sorted
from reportgen.read import inherit, source
from reportgen.read.source import Source
from reportgen.runs import single as pipeline


@dataclass(frozen=True)
class FileResult(Sorted):
    """One year file of a batch: what was written and what was found."""

    path: Path
    written: tuple[Path, ...] = ()
    findings: tuple[Finding, ...] = ()
    failed: bool = False

    @property
    def bug(self) -> bool:
        """Whether it failed through a fault of reportgen rather than of its input."""
        return any(finding.code == "internal" for finding in self.findings)


def is_pattern(item: str | Path) -> bool:
    """Whether an input is a glob pattern rather than a path (a file named ``a*.toml`` that
    exists is taken as itself)."""
    return glob.has_magic(str(item)) and not Path(item).exists()


@dataclass(frozen=True, slots=True)  # one per file of a batch: no __dict__ each
class _Look:
    """What planning needs of a year file: the file it extends and the report it names."""

    extends: str | None = None  # its identity (see _identity)
    agency: str | None = None
    year: int | None = None
    # A format, given or inherited; a file that cannot be read counts as one, so its build
    # reports what is wrong with it.
    has_format: bool = True


def expand(
    inputs: Iterable[str | Path], suffixes: tuple[str, ...] = (".toml",)
) -> tuple[list[Path], list[Path], list[FileResult]]:
    """The year files the inputs name, each once, in the order named (a directory's and a
    pattern's files sorted); the shared-defaults files among them, left out; and a failed
    result for each directory or pattern that names no ``.toml`` file. ``suffixes``: the
    files a directory or pattern names (`audit` reads published reports, not year files)."""
    files, shared, missing, _ = plan(inputs, suffixes)
    return files, shared, missing


def plan(
    inputs: Iterable[str | Path], suffixes: tuple[str, ...] = (".toml",)
) -> tuple[list[Path], list[Path], list[FileResult], dict[str, _Look]]:
    inputs = list(inputs)
    found: dict[str, Path] = {}  # identity → as named
    searched: dict[str | Path, list[str]] = {}  # directory or pattern → the identities found
    for item in inputs:
        path = Path(item)
        pattern = is_pattern(item)
        if pattern:
            matches = [Path(name) for name in sorted(glob.glob(str(item), recursive=True))]
            candidates = [match for match in matches if match.suffix.lower() in suffixes]
        elif path.is_dir():
            candidates = search(path, suffixes)
        else:
            candidates = [path]  # missing or unreadable: its build says so
        candidates = [candidate for candidate in candidates if not candidate.is_dir()]
        identities = [_identity(candidate) for candidate in candidates]
        if pattern or path.is_dir():
            searched.setdefault(item, []).extend(identities)
        for identity, candidate in zip(identities, candidates, strict=True):
            found.setdefault(identity, candidate)
    # Only year files can extend one another: published reports are not looked into here.
    shared_files: dict[str, str] = {}
    looks = {
        identity: _look(path, shared_files) if path.suffix == ".toml" else _Look()
        for identity, path in found.items()
    }
    extended = {look.extends for look in looks.values()}
    # What a search found that is neither a year file nor a shared file (a format.toml, a
    # tool's settings) is not the clerk's to build; a file named on its own always is.
    others = {
        identity
        for identities in searched.values()
        for identity in identities
        if not looks[identity].has_format and identity not in extended
    } - {_identity(Path(item)) for item in inputs if item not in searched}
    missing = [
        FileResult(
            Path(item),
            findings=(findings.error("no_year_files", Location(str(item))),),
            failed=True,
        )
        for item, identities in searched.items()
        if all(identity in others for identity in identities)
    ]
    files = [path for identity, path in found.items() if identity not in extended | others]
    shared = [path for identity, path in found.items() if identity in extended]
    return files, shared, missing, looks


# A folder of templates (a format.toml, Jinja templates) holds no year files: a search does
# not go into it, nor into hidden folders (.git, .venv). A reference.docx alone does not make
# one: a clerk may keep a copy beside the year file.
_TEMPLATE_FILES = ("format.toml",)


def search(directory: Path, suffixes: tuple[str, ...] = (".toml",)) -> list[Path]:
    """Every file with one of ``suffixes`` (year files: ``*.toml``) in ``directory`` and the
    folders below it, each folder's files sorted and before its subfolders', template and
    hidden folders left out."""
    found: list[Path] = []
    for root, folders, names in os.walk(directory):
        here = Path(root)
        folders[:] = sorted(
            name for name in folders if not name.startswith(".") and not _templates(here / name)
        )
        found += [here / name for name in sorted(names) if name.lower().endswith(suffixes)]
    return found


def _templates(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return any(
                entry.name in _TEMPLATE_FILES or entry.name.endswith(".j2") for entry in entries
            )
    except OSError:
        return False


def _identity(path: Path) -> str:
    """The file itself, however named: its path with links followed, as text (a batch's
    planning holds one per file: a string is a fraction of a Path's memory)."""
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return os.path.abspath(path)


def _look(path: Path, shared: dict[str, str]) -> _Look:
    """A quick look at a year file: its values before the first table and its ``[agency]``
    (all it needs, without a second parse of the prose and figures its build parses), with
    what it inherits as its build reads it (shared files once per process); whatever it
    cannot read is left to the file's build, which reports it."""
    try:
        values = inherit.extended(Source(path, source.head(path, "agency"))).data
    except (OSError, ValueError, RecursionError, ReportgenError):
        return _Look()
    if not values:
        return _Look()  # an empty file: its build says so
    raw = values.get(inherit.EXTENDS)
    extends = _identity(path.parent / raw.strip()) if isinstance(raw, str) and raw else None
    if extends is not None:
        extends = shared.setdefault(extends, extends)  # one string for all that extend it
    agency = values.get("agency", {})
    name = agency.get("name") if isinstance(agency, dict) else None
    year = values.get("year")
    return _Look(
        extends,
        name.strip() if isinstance(name, str) else None,
        year if isinstance(year, int) and not isinstance(year, bool) else None,
        "format" in values,
    )


def refuse_collisions(files: list[Path], looks: dict[str, _Look], output_dir: Path | None) -> None:
    """InputError when two files would write the same report: each would overwrite the
    other's, whichever finished last winning."""
    writers: dict[tuple[str, str], list[Path]] = {}
    output = _identity(output_dir) if output_dir is not None else None  # once, not per file
    for path in files:
        look = looks[_identity(path)]
        if look.agency is None or look.year is None:
            continue
        directory = output if output is not None else _identity(path.parent)
        stem = pipeline.file_stem(look.agency, look.year)
        writers.setdefault((directory, stem), []).append(path)
    problems = []
    for (_, stem), paths in writers.items():
        for path in paths if len(paths) > 1 else ():
            others = "、".join(str(other) for other in paths if other is not path)
            problems.append(
                findings.error("output_collision", Location(str(path)), name=stem, others=others)
            )
    if problems:
        raise InputError(problems)
