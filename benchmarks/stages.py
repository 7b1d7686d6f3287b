"""Where one report's time goes, in one process: each stage of a build of the sample, run in
turn round after round, and each stage's share of the whole (the median over the rounds).

Stages: reading and checking the year file; rendering the content markup (Jinja); parsing
that markup into blocks, the only parse it gets (the .docx writer's input); measuring its
tables and cutting those taller than a page; writing the .docx body XML from the blocks;
zipping the package; the HTML page; writing both files.
Shares, not times, are the result: the machine is shared and noisy.
Run: python benchmarks/stages.py [--rounds 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from reportgen.render import markup, templating
from reportgen.runs import rendering
from reportgen.runs import single as pipeline
from reportgen.writers import docx, docx_package, html, table_pages
from reportgen.writers.output import write_all

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "2021-city-civil-affairs.toml"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=20, help="calls of a stage per round")
    arguments = parser.parse_args()
    checked = pipeline.check(SAMPLE)
    search = templating.SearchPath(checked.year.search_path)
    env = templating.environment(search)
    fmt = checked.year.format
    name = f"{fmt.id}/{fmt.template}"
    content = templating.render(env, name, rendering.context(checked))
    blocks = markup.parse(content)
    reference = docx_package.load(search.find(f"{fmt.id}/reference.docx", "base/reference.docx"))
    styles = docx._resolve_styles(reference)
    layout = docx.page_layout(reference, styles)
    body = "".join(docx._blocks_xml(blocks, styles, reference.text_width))
    fields = rendering.placeholders(checked)
    title = rendering.report_title(checked)
    out = Path(tempfile.mkdtemp(prefix="reportgen-stages-"))
    rendered = rendering.render(checked, ("docx", "html"), {})
    stages: dict[str, Callable[[], object]] = {
        "read and check the year file": lambda: pipeline.check(SAMPLE),
        "render the content markup (Jinja)": lambda: templating.render(
            env, name, rendering.context(checked)
        ),
        "parse the markup into blocks": lambda: markup.parse(content),
        "long tables cut into pages": lambda: table_pages.paginate(blocks, layout),
        ".docx body XML from the blocks": lambda: "".join(
            docx._blocks_xml(blocks, styles, reference.text_width)
        ),
        ".docx package (zip)": lambda: docx_package.write(reference, body, fields, None),
        "HTML page": lambda: html.render(content, title, env, search),
        # As a batch writes them: synced once at the batch's end, not file by file.
        "write both files": lambda: write_all(
            pipeline.destinations(out, "report", dict(rendered)), sync=False
        ),
    }
    times: dict[str, list[float]] = {stage: [] for stage in stages}
    for _ in range(arguments.rounds):
        for stage, call in stages.items():
            start = time.perf_counter()
            for _ in range(arguments.repeat):
                call()
            times[stage].append((time.perf_counter() - start) / arguments.repeat)
    rounds = range(arguments.rounds)
    totals = [sum(times[stage][number] for stage in stages) for number in rounds]
    print(f"{arguments.rounds} rounds × {arguments.repeat} calls; share of a report's time "
          "(median over rounds), and the stage's median time for reference")  # fmt: skip
    for stage in stages:
        shares = [times[stage][number] / totals[number] for number in rounds]
        print(f"  {stage:<36} {statistics.median(shares) * 100:5.1f} %  "
              f"{statistics.median(times[stage]) * 1000:6.2f} ms")  # fmt: skip
    print(f"  {'whole report':<36} 100.0 %  {statistics.median(totals) * 1000:6.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
