"""`reportgen formats`, `init` and `schema`: a clerk starts from a complete, commented year file
that passes `check` as written, and the editor validates keys against the schema."""

from __future__ import annotations

import json
import sys
from datetime import date
from decimal import Decimal

import jsonschema
import pytest
from conftest import ROOT, SAMPLE
from typer.testing import CliRunner

import reportgen
from reportgen.cli.commands import app

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

FORMATS = ("2019", "2021", "twelve-part")
SAMPLES = {
    "2021": SAMPLE,
    "2019": ROOT / "samples" / "2019-hanzhong-civil-affairs-2020.toml",
    "twelve-part": ROOT / "samples" / "twelve-part-linyi-civil-affairs-2017.toml",
}


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_formats_lists_each_format_with_a_description():
    result = run("formats")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == list(FORMATS)
    assert "国办公开办函〔2021〕30号" in lines[1]
    english = run("formats", "--lang", "en").stdout.splitlines()
    assert english[2].split(None, 1)[1].startswith("Annual report, twelve-part layout")


@pytest.mark.parametrize("format_id", FORMATS)
def test_init_writes_a_file_that_passes_check(tmp_path, format_id):
    target = tmp_path / "year.toml"
    result = run(
        "init", "--format", format_id, "--agency", "某某县统计局", "--year", "2025",
        "-o", str(target),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    schema_path = tmp_path / f"reportgen-{format_id}.schema.json"
    assert result.stdout.splitlines() == [str(target), str(schema_path)]
    text = target.read_text("utf-8")
    assert text.startswith(f"#:schema ./reportgen-{format_id}.schema.json\n")

    checked = reportgen.check(target)
    assert checked.errors == []
    # Only the prose is left to write: each empty required text is a warning.
    assert {finding.code for finding in checked.warnings} == {"empty"}
    assert checked.year.values["agency.name"] == "某某县统计局"
    assert checked.year.values["year"] == 2025

    fmt = checked.year.format
    totals = {rule.left[0].key for rule in fmt.rules if rule.kind == "total"}
    for key in fmt.values:
        if key in totals:
            assert key not in checked.year.values  # computed, left as a comment
        else:
            assert checked.year.values[key] == 0, key
    data = tomllib.loads(text)
    jsonschema.validate(_as_json(data), json.loads(schema_path.read_text("utf-8")))


def test_init_comments_say_what_each_key_feeds(tmp_path):
    target = tmp_path / "year.toml"
    run("init", "--format", "2021", "-o", str(target))
    lines = target.read_text("utf-8").splitlines()
    assert "[requests.new]  # 一、本年新收政府信息公开申请数量" in lines
    assert "natural_person = 0  # 自然人" in lines
    assert "# total：总计，由 reportgen 计算" in lines
    assert "# 机关名称：发布报告的行政机关全称，用于标题、落款和文件名" in lines
    twelve = tmp_path / "twelve.toml"
    run("init", "--format", "twelve-part", "-o", str(twelve))
    lines = twelve.read_text("utf-8").splitlines()
    assert "online = 0  # 3.网络申请数（件）" in lines
    assert "# received：（一）收到申请数（件），由 reportgen 计算" in lines


def test_init_defaults_to_last_year_and_refuses_to_overwrite(tmp_path):
    target = tmp_path / "year.toml"
    assert run("init", "-o", str(target)).exit_code == 0
    assert reportgen.check(target).year.values["year"] == date.today().year - 1
    target.write_text("mine", "utf-8")
    result = run("init", "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr == f"{target} 已存在；如需覆盖请加 --force\n"
    assert target.read_text("utf-8") == "mine"
    assert run("init", "-o", str(target), "--force").exit_code == 0


def test_init_with_an_unknown_format(tmp_path):
    result = run("init", "--format", "2008", "-o", str(tmp_path / "y.toml"))
    assert result.exit_code == 1
    assert result.stderr == '未知的报告格式 "2008"；可用的格式：2019、2021、twelve-part\n'
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("format_id", FORMATS)
def test_schema_validates_the_samples(format_id):
    result = run("schema", "--format", format_id)
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    data = tomllib.loads(SAMPLES[format_id].read_text("utf-8"), parse_float=Decimal)
    jsonschema.validate(_as_json(data), schema)


def test_schema_refuses_what_check_refuses():
    schema = json.loads(run("schema", "--format", "2021").stdout)
    data = _as_json(tomllib.loads(SAMPLE.read_text("utf-8")))
    validator = jsonschema.Draft202012Validator(schema)
    for path, bad in [
        (("requests", "new", "natural_person"), -3),
        (("requests", "new", "natural_person"), "五"),
        (("requests", "new", "natral_person"), 1),
        (("format",), "2019"),
        (("active", "fees", "amount"), {"note": ""}),
    ]:
        broken = json.loads(json.dumps(data))
        node = broken
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = bad
        assert list(validator.iter_errors(broken)), path
    noted = json.loads(json.dumps(data))
    noted["requests"]["new"]["natural_person"] = {"value": 3, "note": "含转办件"}
    assert list(validator.iter_errors(noted)) == []


def test_schema_to_a_file(tmp_path):
    target = tmp_path / "s.json"
    result = run("schema", "--format", "2019", "-o", str(target))
    assert result.exit_code == 0
    assert json.loads(target.read_text("utf-8"))["properties"]["format"]["const"] == "2019"


def _as_json(data: object) -> object:
    """TOML values as an editor's language server hands them to a JSON Schema."""
    if isinstance(data, dict):
        return {key: _as_json(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_as_json(value) for value in data]
    if isinstance(data, date):
        return data.isoformat()
    if isinstance(data, Decimal):
        return float(data)
    return data


def test_the_samples_directory_has_one_sample_per_format():
    assert all(path.is_file() for path in SAMPLES.values()), SAMPLES


def test_schema_lets_a_department_file_inherit_format_and_year():
    schema = json.loads(run("schema", "--format", "2021").stdout)
    validator = jsonschema.Draft202012Validator(schema)
    assert (
        list(validator.iter_errors({"extends": "../city.toml", "agency": {"name": "某局"}})) == []
    )
    assert list(validator.iter_errors({"agency": {"name": "某局"}}))  # neither extends nor format
    incomplete = {"format": "2021", "year": 2025, "agency": {"name": "某局"}}
    assert list(validator.iter_errors(incomplete))  # no issuing date, no prose
