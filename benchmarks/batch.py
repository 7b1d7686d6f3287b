"""Times `reportgen build` of many departments at once against a docxtpl baseline.

Generates N realistic department year files (default 1,000: a city's bureaus across its
districts, each extending one shared-defaults file, with its own figures and prose citing
them), then, in the same run:

- `reportgen build DIR -o OUT` (.docx + .html) with --jobs 1 and --jobs 2;
- the same content with docxtpl: a .docx template holding the title, the prose and the three
  statistical tables, rendered once per department (TOML read, totals summed, one .docx each);

and prints docs/s for each, the ratios, and the peak memory of any one process (ru_maxrss of
the command and the workers it waited for, via wait4). Memory is also measured at N/10, to
show it does not grow with the batch.

Targets on the 2-core CI machine: --jobs 1 at least 2 × docxtpl's docs/s; 1,000 departments in
under 15 s with --jobs 2; under 150 MB per process whatever N.

The baseline needs docxtpl, which reportgen itself does not: `pip install docxtpl` (it is
skipped with a message when missing). Run: python benchmarks/batch.py [--n 1000]
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
REPORTGEN = [sys.executable, "-m", "reportgen"]
TARGET_RATIO = 2.0
TARGET_SECONDS = 15.0
TARGET_MB = 150.0

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
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "city-defaults.toml").write_text(SHARED, encoding="utf-8")
    depts = directory / "depts"
    depts.mkdir()
    for index in range(count):
        (depts / f"{index:05d}.toml").write_text(department(index, rng), encoding="utf-8")
    return depts


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds of ``command`` and the peak resident memory, in MB, of any one process it
    ran (wait4 reports the largest of the command and the children it waited for)."""
    with tempfile.TemporaryFile() as stderr:  # a file, not a pipe nobody reads until the end
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            stderr.seek(0)
            message = stderr.read().decode("utf-8", "replace")[-2000:]
            raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{message}")
    return seconds, usage.ru_maxrss / 1024  # kilobytes on Linux


def build(depts: Path, out: Path, jobs: int) -> tuple[float, float]:
    shutil.rmtree(out, ignore_errors=True)
    seconds, memory = timed([*REPORTGEN, "build", str(depts), "-o", str(out), "-j", str(jobs)])
    written = len(list(out.glob("*.docx")))
    if written != len(list(depts.glob("*.toml"))):
        raise SystemExit(f"expected a report per department, found {written}")
    return seconds, memory


# ---------------------------------------------------------------- the docxtpl baseline


def make_template(path: Path, sample: Path) -> None:
    """reportgen's own .docx as a docxtpl template: ``sample`` rendered with a Jinja
    placeholder in every figure, prose field and contact detail, so the template has the same
    styles, page setup, headings and tables (merged header cells included) as reportgen's
    reports, and docxtpl fills in the same content."""
    from reportgen import pipeline, templating
    from reportgen.writers import docx

    def lines(name: str, item: str = "line") -> tuple[str, ...]:
        return ("{%p for " + item + " in " + name + " %}", "{{ " + item + " }}", "{%p endfor %}")

    checked = pipeline.check(sample)
    context = pipeline.context(checked)
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
              for key, value in pipeline.placeholders(checked).items()}  # fmt: skip
    path.write_bytes(docx.render(content, reference, fields))


def _name(key: str) -> str:
    """A dotted key as a Jinja name: requests.new.total → requests__new__total."""
    return key.replace(".", "__")


def baseline(depts: Path, out: Path, template: Path) -> None:
    """What an office would write with docxtpl: per department, read the TOML (and the shared
    file it extends), compute the totals, put the figures into the prose, render, save."""
    from docxtpl import DocxTemplate

    from reportgen import formats

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


def _line(what: str, count: int, seconds: float, memory: float) -> str:
    return f"{what:<22} {seconds:7.2f} s  {count / seconds:7.1f} docs/s  peak {memory:4.0f} MB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1000, help="departments (default 1000)")
    parser.add_argument("--docxtpl", nargs=3, metavar=("DEPTS", "OUT", "TEMPLATE"),
                        help=argparse.SUPPRESS)  # fmt: skip
    arguments = parser.parse_args()
    if arguments.docxtpl:  # the baseline, run as its own process to be measured alike
        baseline(*map(Path, arguments.docxtpl))
        return 0
    count = arguments.n
    # As an installed wheel is: byte-compiled (PYTHONDONTWRITEBYTECODE would recompile it in
    # every process).
    compileall.compile_dir(ROOT / "reportgen", quiet=1)
    with tempfile.TemporaryDirectory(prefix="reportgen-batch-") as work:
        folder = Path(work)
        depts = generate(folder, count)
        small = generate(folder / "small", max(count // 10, 1))
        subprocess.run([*REPORTGEN, "build", str(small), "-o", str(folder / "warm")], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        one_s, one_mb = build(depts, folder / "out1", 1)
        two_s, two_mb = build(depts, folder / "out2", 2)
        _, small_mb = build(small, folder / "out3", 2)
        print(f"{count} departments, .docx + .html each ({os.cpu_count()} cores)")
        print(_line("reportgen --jobs 1", count, one_s, one_mb))
        print(_line("reportgen --jobs 2", count, two_s, two_mb) + f"  (N/10: {small_mb:.0f} MB)")
        ok = two_s < TARGET_SECONDS * count / 1000 and max(one_mb, two_mb) < TARGET_MB
        try:
            import docxtpl  # noqa: F401
        except ImportError:
            print("docxtpl baseline skipped: pip install docxtpl")
            return 0 if ok else 1
        template = folder / "template.docx"
        make_template(template, next(depts.glob("*.toml")))
        command = [sys.executable, __file__, "--docxtpl", str(depts), str(folder / "tpl"),
                   str(template)]  # fmt: skip
        tpl_s, tpl_mb = timed(command)
        ratio = (count / one_s) / (count / tpl_s)
        print(_line("docxtpl (.docx only)", count, tpl_s, tpl_mb))
        print(
            f"reportgen --jobs 1 / docxtpl: {ratio:.2f}× (target ≥ {TARGET_RATIO}×); "
            f"--jobs 2 / docxtpl: {tpl_s / two_s:.2f}×"
        )
        return 0 if ok and ratio >= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
