"""`--to html-fragment`: the report body alone, its styles in style attributes, for a CMS."""

from pathlib import Path

from conftest import SAMPLE
from lxml import html
from typer.testing import CliRunner

from reportgen.cli.commands import app

NAME = "某某市民政局2025年政府信息公开工作年度报告"
runner = CliRunner()


def test_the_fragment_is_the_body_with_inline_styles(tmp_path: Path):
    result = runner.invoke(
        app, ["build", str(SAMPLE), "-o", str(tmp_path), "--to", "html-fragment"]
    )
    assert result.exit_code == 0, result.stderr
    path = tmp_path / f"{NAME}.fragment.html"
    assert result.stdout.splitlines() == [str(path)]
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]
    text = path.read_text("utf-8")
    assert "<style" not in text and "<html" not in text and "<head" not in text
    root = html.fragment_fromstring(text)
    assert (root.tag, root.get("class")) == ("div", "report")
    assert "font-size: 16pt" in root.get("style")
    title = root.find("h1")
    assert title.text_content() == "某某市民政局2025年政府信息公开工作年度报告"
    assert "text-align: center" in title.get("style")
    tables = root.findall(".//table")
    assert [table.get("id") for table in tables] == [
        "table-active",
        "table-requests",
        "table-appeals",
    ]
    for table in tables:
        assert "overflow-x: auto" in table.getparent().get("style")
        assert "border: 1px solid #000" in table.find(".//td").get("style")
    assert "min-width: 50em" in tables[1].get("style")
