"""Times `reportgen build` of many departments at once: growth with the batch, docxtpl, PDF.

Generates realistic department year files (a city's bureaus across its districts, each
extending one shared-defaults file, with its own figures and prose citing them) in one flat
folder per batch size, and runs, round after round, interleaved:

- `reportgen build DIR -o OUT` (.docx + .html, into one flat output folder) of 400 and of
  4,000 files, with --jobs 1 and --jobs 2, the smaller and the larger batch in turn first;
- `reportgen build DIR -o OUT --to docx` of 400 files with --jobs 1;
- the same content with docxtpl (400 files): a .docx template holding the title, the prose
  and the statistical tables, rendered once per department (TOML read, totals summed, one
  .docx each).

Each ratio is taken within a round and the median over the rounds reported, with the lowest
and highest beside it. Memory is the peak resident size (VmHWM) of every process, polled from
/proc: the main process's and the largest worker's, at each batch size. `--big` adds a
10,000-file batch (with its 400-file pair run just before it), once per --jobs; `--pdf N`
times N files --to pdf against --to docx and prints what a PDF adds per document.

Targets (issue 15, 2-core machine): --jobs 1 at least 150 reports/s per core and 6× docxtpl's
rate; 4,000 files at no less than 0.9× the rate of 400; each process's memory growing by at
most 5 MB from 400 to 4,000.

docxtpl is a benchmark-only extra (`pip install -e .[bench]`); without it the baseline is
skipped with a message. Run: python benchmarks/batch.py [--rounds 3] [--big] [--pdf 40]
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import re
import shutil
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

sys.path.insert(0, str(Path(__file__).resolve().parent))

import measure

ROOT = Path(__file__).resolve().parent.parent
REPORTGEN = [sys.executable, "-m", "reportgen"]

DISTRICTS = [f"{name}区" for name in "东西南北中城江河湖山川林田园桥塔"]
BUREAUS = [
    "民政局", "教育局", "财政局", "人力资源和社会保障局", "自然资源局", "生态环境局",
    "住房和城乡建设局", "交通运输局", "水务局", "农业农村局", "商务局", "文化和旅游局",
    "卫生健康委员会", "退役军人事务局", "应急管理局", "审计局", "市场监督管理局", "统计局",
    "医疗保障局", "林业局", "城市管理局", "司法局", "科学技术局", "工业和信息化局",
    "发展和改革委员会", "公安分局", "税务局", "信访局", "行政审批服务局", "档案局",
]  # fmt: skip
COLUMNS = ["natural_person", "commercial", "research", "public_interest", "legal_services", "other"]
OUTCOMES = [
    "granted", "partially_granted", "withheld_third_party", "withheld_process_information",
    "unable_not_held", "unable_needs_creation", "not_processed_repeated", "other_no_correction",
]  # fmt: skip

SHARED = """\
# 全市各部门共用的默认值：格式、年度、成文日期、通用段落
format = "2021"
year = 2025

[agency]
issued = 2026-01-20

[other]
fees = "2025年，本机关未收取信息处理费。"
"""


def department(index: int, rng: random.Random) -> str:
    """A department's year file, as a clerk writes it: figures that satisfy every rule (the
    outcomes and the carried-forward add up to what came in), prose citing them."""
    district = DISTRICTS[index // len(BUREAUS) % len(DISTRICTS)]
    agency = f"{district}{BUREAUS[index % len(BUREAUS)]}"
    if index >= len(BUREAUS) * len(DISTRICTS):
        agency += f"第{index // (len(BUREAUS) * len(DISTRICTS)) + 1}分局"
    requests: dict[str, dict[str, int]] = {}
    for column in COLUMNS:
        new = rng.randint(0, 40 if column == "natural_person" else 4)
        carried = rng.randint(0, 3 if column == "natural_person" else 1)
        forward = rng.randint(0, min(2, new + carried))
        remaining = new + carried - forward
        requests.setdefault("new", {})[column] = new
        requests.setdefault("carried_over", {})[column] = carried
        requests.setdefault("carried_forward", {})[column] = forward
        for outcome in OUTCOMES:
            share = remaining if outcome == OUTCOMES[-1] else rng.randint(0, remaining)
            if outcome == "granted":
                share = max(share, remaining // 2)
            requests.setdefault(outcome, {})[column] = share
            remaining -= share
    fees = Decimal(rng.randint(0, 50000)) / 100
    tables = [
        "[active.regulations]",
        f"issued = {rng.randint(0, 2)}",
        "repealed = 0",
        f"in_force = {rng.randint(2, 9)}",
        "",
        "[active.normative_documents]",
        f"issued = {rng.randint(0, 6)}",
        f"repealed = {rng.randint(0, 2)}",
        f"in_force = {rng.randint(5, 40)}",
        "",
        f"[active.licensing]\ndecisions = {rng.randint(0, 3000)}",
        f"[active.penalties]\ndecisions = {rng.randint(0, 400)}",
        f"[active.coercion]\ndecisions = {rng.randint(0, 30)}",
        f"[active.fees]\namount = {fees}",
        "",
    ]
    for row, cells in requests.items():
        written = [f"{column} = {value}" for column, value in cells.items() if value]
        if written:
            tables += [f"[requests.{row}]", *written, ""]
    for group in ("review", "direct_suit", "suit_after_review"):
        tables += [
            f"[appeals.{group}]",
            f"upheld = {rng.randint(0, 3)}",
            f"corrected = {rng.randint(0, 1)}",
            f"pending = {rng.randint(0, 1)}",
            "",
        ]
    channels = {"website": rng.randint(200, 900), "wechat": rng.randint(50, 400)}
    overview = {
        "active": [
            f"2025年，{agency}坚持“公开为常态、不公开为例外”，围绕重点领域主动公开政府信息，"
            "其中门户网站发布{counts.channels.website}条，占{counts.channels.website:%}，"
            "政务新媒体发布{counts.channels.wechat}条。",
            f"全年修订主动公开基本目录，新增公开事项{rng.randint(3, 15)}项，"
            f"发布政策解读稿件{rng.randint(5, 40)}篇。",
        ],
        "on_request": [
            "严格执行依申请公开受理、登记、审核、答复、归档制度，全年新收政府信息公开申请"
            "{requests.new.total}件，上年结转{requests.carried_over.total}件，予以公开占"
            "{shares.granted}，结转下年度继续办理{requests.carried_forward.total}件。"
        ],
        "management": [
            "落实公文公开属性源头认定，全年制发行政规范性文件{active.normative_documents.issued}件、"
            "废止{active.normative_documents.repealed}件，均在门户网站集中公开并同步更新现行有效"
            "文件目录。严格执行保密审查制度，全年未发生泄密事件。"
        ],
        "platforms": [
            "优化门户网站政府信息公开专栏，完成适老化和无障碍改造；规范政务新媒体管理，"
            f"召开新闻发布会{rng.randint(1, 8)}场。"
        ],
        "oversight": [
            "将政府信息公开工作纳入年度目标责任考核，每季度开展一次网站内容检查，及时整改错敏字、"
            "空白栏目等问题，全年未发生因政府信息公开工作引起的责任追究情况。"
        ],
    }
    problems = [
        (
            "政策解读形式还不够丰富，图解、视频等群众易于理解的解读占比不高。",
            "建立“文件+解读”同步起草、同步审签、同步发布机制，2026年图解、短视频等形式解读"
            "占比提高到一半以上。",
        ),
        (
            "个别科室对依申请公开办理时限把握不准，答复文书格式不够规范。",
            "修订依申请公开办理流程和答复文书范本，每半年组织一次业务培训。",
        ),
    ]
    matters = (
        f"2025年，本机关办理人大代表建议{rng.randint(0, 30)}件、"
        f"政协提案{rng.randint(0, 30)}件，均按时办结。"
    )
    lines = [
        'extends = "../city-defaults.toml"',
        "",
        "[agency]",
        f"name = {_string(agency)}",
        f"office = {_string(agency + '办公室')}",
        f"website = {_string(agency + '门户网站“政府信息公开”专栏')}",
        f'address = "某某市人民路{index + 1}号"',
        f'phone = "0000-{12340000 + index}"',
        "",
        "[overview]",
        *(f"{key} = {_string(chr(10).join(paragraphs))}" for key, paragraphs in overview.items()),
        "",
    ]
    for problem, measures in problems:
        lines += [
            "[[problems]]",
            f"problem = {_string(problem)}",
            f"measures = {_string(measures)}",
        ]
        lines.append("")
    lines += ["[other]", f"matters = {_string(matters)}", "", "[counts.channels]"]
    lines += [f"{name} = {count}" for name, count in channels.items()]
    return "\n".join([*lines, "", *tables])


def _string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def generate(directory: Path, count: int) -> Path:
    """``count`` department files in ``directory``/depts, extending one shared file."""
    rng = random.Random(20251231)
    directory.mkdir(parents=True)
    (directory / "city-defaults.toml").write_text(SHARED, encoding="utf-8")
    depts = directory / "depts"
    depts.mkdir()
    for index in range(count):
        (depts / f"{index:05d}.toml").write_text(department(index, rng), encoding="utf-8")
    return depts


# ---------------------------------------------------------------- the docxtpl baseline


def make_template(path: Path, sample: Path) -> None:
    """reportgen's own .docx as a docxtpl template: ``sample`` rendered with a Jinja
    placeholder in every figure, prose field and contact detail, so the template has the same
    styles, page setup, headings and tables (merged header cells included) as reportgen's
    reports, and docxtpl fills in the same content."""
    from reportgen.render import templating
    from reportgen.runs import rendering
    from reportgen.runs import single as pipeline
    from reportgen.writers import docx

    def lines(name: str, item: str = "line") -> tuple[str, ...]:
        return ("{%p for " + item + " in " + name + " %}", "{{ " + item + " }}", "{%p endfor %}")

    checked = pipeline.check(sample)
    context = rendering.context(checked)
    context["cell_text"] = {key: "{{ f." + _name(key) + " }}" for key in context["cell_text"]}
    report = context["report"]
    for key, value in report.items():
        if isinstance(value, tuple) and value:
            report[key] = lines("t." + _name(key))
    report["problems"] = [
        {
            "problem": ("{%p for item in problems %}", "{{ item.problem }}", "{%p endfor %}"),
            "measures": ("{%p for item in problems %}", "{{ item.measures }}", "{%p endfor %}"),
        }
    ]
    agency = context["agency"]
    for key in ("name", "office", "website", "address", "phone"):
        agency[key] = "{{ a." + key + " }}"
    search = templating.SearchPath(())
    fmt = checked.year.format
    content = templating.render(templating.environment(search), f"{fmt.id}/{fmt.template}", context)
    reference = search.find(f"{fmt.id}/reference.docx", "base/reference.docx")
    fields = {key: "{{ a.name }}" if "agency" in key or "机关" in key else value
              for key, value in rendering.placeholders(checked).items()}  # fmt: skip
    path.write_bytes(docx.render(content, reference, fields))


def _name(key: str) -> str:
    """A dotted key as a Jinja name: requests.new.total → requests__new__total."""
    return key.replace(".", "__")


def baseline(depts: Path, out: Path, template: Path) -> None:
    """What an office would write with docxtpl: per department, read the TOML (and the shared
    file it extends), compute the totals, put the figures into the prose, render, save."""
    from docxtpl import DocxTemplate

    from reportgen.formats import description as formats

    fmt = formats.find("2021")
    assert fmt is not None
    keys = list(fmt.values)
    totals = [(rule.left[0].key, [t.key for t in rule.right]) for rule in fmt.rules
              if rule.kind == "total"]  # fmt: skip
    shares = {f"shares.{key}": (spec.part, spec.whole) for key, spec in fmt.shares.items()}
    shared = tomllib.loads((depts.parent / "city-defaults.toml").read_text("utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    document = DocxTemplate(str(template))  # rendered again and again, as docxtpl allows
    for path in sorted(depts.glob("*.toml")):
        data = tomllib.loads(path.read_text("utf-8"))
        for name, value in shared.items():  # `extends`: the shared tables under the own
            data[name] = {**value, **data.get(name, {})} if isinstance(value, dict) else value
        figures: dict[str, object] = {}
        for key in keys:
            table, row, column = key.split(".")
            figures[key] = data.get(table, {}).get(row, {}).get(column, 0)
        for _ in range(3):  # totals of totals
            for left, right in totals:
                figures[left] = sum(figures[key] for key in right)  # type: ignore[misc]
        channels = data.get("counts", {}).get("channels", {})

        def cite(match: re.Match[str], figures: dict = figures, channels: dict = channels) -> str:
            name = match.group(1)
            if name in shares:
                part, whole = (sum(figures[key] for key in keys) for keys in shares[name])
                return f"{part / whole * 100:.1f}%" if whole else "—"
            if name.endswith(":%"):
                item = name[:-2].rsplit(".", 1)[1]
                return f"{channels[item] / sum(channels.values()) * 100:.1f}%"
            if name.startswith("counts.channels."):
                return str(channels[name.rsplit(".", 1)[1]])
            return str(figures[name])

        def text(value: str) -> list[str]:
            return [re.sub(r"\{([^{}]+)\}", cite, line) for line in value.splitlines() if line]

        prose = {_name(f"overview.{key}"): text(value) for key, value in data["overview"].items()}
        prose |= {_name(f"other.{key}"): text(value) for key, value in data["other"].items()}
        document.render(
            {
                "a": data["agency"],
                "f": {_name(key): value for key, value in figures.items()},
                "t": prose,
                "problems": data["problems"],
            }
        )
        document.save(str(out / f"{data['agency']['name']}.docx"))


def build(depts: Path, out: Path, jobs: int, to: tuple[str, ...] = ()) -> measure.Run:
    """One batch into one flat output folder, emptied first."""
    shutil.rmtree(out, ignore_errors=True)
    options = [item for output in to for item in ("--to", output)]
    command = [*REPORTGEN, "build", str(depts), "-o", str(out), "-j", str(jobs), *options]
    result = measure.run(command)
    written = sum(1 for name in os.listdir(out) if name.endswith(to[0] if to else ".docx"))
    expected = sum(1 for name in os.listdir(depts) if name.endswith(".toml"))
    if written != expected:
        raise SystemExit(f"expected a report per department, found {written} of {expected}")
    return result


def rate(count: int, run: measure.Run) -> float:
    return count / run.seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3, help="0: only --big or --pdf")
    parser.add_argument("--small", type=int, default=400)
    parser.add_argument("--large", type=int, default=4000)
    parser.add_argument("--big", action="store_true", help="add a 10,000-file batch, once")
    parser.add_argument("--pdf", type=int, default=0, metavar="N", help="time N files --to pdf")
    parser.add_argument("--docxtpl", nargs=3, metavar=("DEPTS", "OUT", "TEMPLATE"),
                        help=argparse.SUPPRESS)  # fmt: skip
    arguments = parser.parse_args()
    if arguments.docxtpl:  # the baseline, run as its own process to be measured alike
        baseline(*map(Path, arguments.docxtpl))
        return 0
    small, large = arguments.small, arguments.large
    try:
        import docxtpl  # noqa: F401

        with_docxtpl = True
    except ImportError:
        print("docxtpl baseline skipped: pip install -e .[bench]")
        with_docxtpl = False
    # As an installed wheel is: byte-compiled (PYTHONDONTWRITEBYTECODE would recompile it in
    # every process).
    compileall.compile_dir(ROOT / "reportgen", quiet=1)
    with tempfile.TemporaryDirectory(prefix="reportgen-batch-") as work:
        folder = Path(work)
        sets = {count: generate(folder / f"n{count}", count) for count in (1, small, large)}
        out = folder / "out"
        build(sets[small], out, 1)  # the template cache, as a user's second batch has it
        template = folder / "template.docx"
        if with_docxtpl:
            make_template(template, next(sets[small].glob("*.toml")))
        runs: dict[tuple[str, int, int], list[measure.Run]] = {}
        for number in range(arguments.rounds):
            for jobs in (1, 2):
                sizes = (1, small, large) if number % 2 == 0 else (large, small, 1)
                for count in sizes:
                    runs.setdefault(("both", jobs, count), []).append(build(sets[count], out, jobs))
            runs.setdefault(("docx", 1, small), []).append(build(sets[small], out, 1, ("docx",)))
            if with_docxtpl:
                command = [sys.executable, __file__, "--docxtpl", str(sets[small]),
                           str(folder / "tpl"), str(template)]  # fmt: skip
                shutil.rmtree(folder / "tpl", ignore_errors=True)
                runs.setdefault(("docxtpl", 1, small), []).append(measure.run(command))
        if runs:
            report(runs, small, large)
        if arguments.big:
            big(folder, sets[small], small)
        if arguments.pdf:
            pdf(folder, arguments.pdf)
    return 0


def report(runs: dict[tuple[str, int, int], list[measure.Run]], small: int, large: int) -> None:
    print(f"{len(runs[('both', 1, small)])} rounds, interleaved, {os.cpu_count()} cores; "
          ".docx + .html per file unless said")  # fmt: skip
    for (kind, jobs, count), results in sorted(runs.items()):
        rates = sorted(rate(count, result) for result in results)
        main_mb = sorted(result.main_mb for result in results)
        others_mb = sorted(result.others_mb for result in results)
        middle = len(results) // 2
        label = {"both": "reportgen", "docx": "reportgen --to docx", "docxtpl": "docxtpl"}[kind]
        workers = f", largest worker {others_mb[middle]:.0f} MB" if jobs > 1 else ""
        print(f"  {label:<20} --jobs {jobs} {count:>6} files: {rates[middle]:6.1f} files/s "
              f"(median), main process {main_mb[middle]:.0f} MB{workers}")  # fmt: skip

    def pairs(a: tuple[str, int, int], b: tuple[str, int, int]) -> list[tuple[float, float]]:
        return [(rate(a[2], x), rate(b[2], y)) for x, y in zip(runs[a], runs[b], strict=True)]

    def marginal(jobs: int, count: int) -> list[float]:
        """Files per second beyond the start-up, which a one-file batch of the round costs."""
        return [(count - 1) / (run.seconds - one.seconds)
                for run, one in zip(runs[("both", jobs, count)], runs[("both", jobs, 1)],
                                    strict=True)]  # fmt: skip

    for jobs in (1, 2):
        grows = pairs(("both", jobs, large), ("both", jobs, small))
        measure.show_ratio(f"rate of {large} / rate of {small}, --jobs {jobs}", grows, "≥ 0.9")
        beyond = list(zip(marginal(jobs, large), marginal(jobs, small), strict=True))
        measure.show_ratio(f"  the same, start-up taken out, --jobs {jobs}", beyond, "≥ 0.9")
    measure.show_ratio(f"--jobs 2 / --jobs 1, {large} files",
                       pairs(("both", 2, large), ("both", 1, large)))  # fmt: skip
    if ("docxtpl", 1, small) in runs:
        measure.show_ratio(f"reportgen --jobs 1 / docxtpl, {small} files (.docx + .html)",
                           pairs(("both", 1, small), ("docxtpl", 1, small)), "≥ 6")  # fmt: skip
        measure.show_ratio(f"reportgen --jobs 1 --to docx / docxtpl, {small} files",
                           pairs(("docx", 1, small), ("docxtpl", 1, small)))  # fmt: skip
    for jobs in (1, 2):
        grown = [
            (b.main_mb - a.main_mb, b.others_mb - a.others_mb)
            for a, b in zip(runs[("both", jobs, small)], runs[("both", jobs, large)], strict=True)
        ]
        main_growth = sorted(g[0] for g in grown)[len(grown) // 2]
        text = f"memory growth {small} → {large}, --jobs {jobs}: main process {main_growth:+.1f} MB"
        if jobs > 1:
            text += f", largest worker {sorted(g[1] for g in grown)[len(grown) // 2]:+.1f} MB"
        print(text + " (median; target ≤ +5 MB)")


def big(folder: Path, paired: Path, small: int) -> None:
    """10,000 files once per --jobs, paired with the small batch run just before."""
    count = 10_000
    depts = generate(folder / f"n{count}", count)
    out = folder / "out"
    for jobs in (1, 2):
        before = build(paired, out, jobs)
        result = build(depts, out, jobs)
        print(f"  reportgen --jobs {jobs} {count} files: {rate(count, result):6.1f} files/s, "
              f"{rate(count, result) / rate(small, before):.2f}× the rate of {small} run just "
              f"before; main process {result.main_mb:.0f} MB (vs {before.main_mb:.0f}), "
              f"largest worker {result.others_mb:.0f} MB (vs {before.others_mb:.0f})")  # fmt: skip


def pdf(folder: Path, count: int) -> None:
    """What a PDF adds per document in a batch: --to pdf against --to docx, side by side."""
    depts = generate(folder / f"pdf{count}", count)
    out = folder / "out"
    for jobs in (1, 2):
        docx = build(depts, out, jobs, ("docx",))
        made = build(depts, out, jobs, ("pdf",))
        added = (made.seconds - docx.seconds) / count
        print(f"  --to pdf, --jobs {jobs}, {count} files: {made.seconds:.1f} s "
              f"({made.seconds / count:.2f} s a document; {added:.2f} s more than the .docx "
              f"alone), LibreOffice at most {made.others_mb:.0f} MB")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
