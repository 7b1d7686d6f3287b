"""Every user-facing message, in Chinese (the default) and English.

Messages are looked up by code and formatted with their parameters. A parameter may itself be
a :class:`Text` (a phrase in both languages), resolved to the message's language.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, NamedTuple


class Text(NamedTuple):
    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


CATALOGUE: dict[str, Text] = {
    "warning_prefix": Text("警告：{message}", "warning: {message}"),
    "file_missing": Text("找不到文件", "file not found"),
    "file_is_directory": Text("这是一个目录，不是年度数据文件", "is a directory, not a year file"),
    "file_unreadable": Text("无法读取文件：{reason}", "cannot read the file: {reason}"),
    "file_encoding": Text(
        "文件不是 UTF-8 编码，无法读取（请在编辑器中另存为 UTF-8）",
        "the file is not UTF-8 encoded (save it as UTF-8 in your editor)",
    ),
    "toml_syntax": Text("TOML 语法错误：{detail}", "TOML syntax error: {detail}"),
    "missing": Text("缺少必填项「{label}」", 'required field "{label}" is missing'),
    "wrong_type": Text(
        "「{label}」应为{expected}，实际为{found}{hint}",
        '"{label}": expected {expected}, found {found}{hint}',
    ),
    "hint_number": Text(
        "（请直接写数字 {number}，不加引号和单位）", " (write {number}, without quotes or units)"
    ),
    "unknown_key": Text("未知的键，已忽略{hint}", "unknown key, ignored{hint}"),
    "hint_close": Text("（是否想写 {close}？）", " (did you mean {close}?)"),
    "unknown_format": Text(
        "未知的报告格式 {found}；可用的格式：{choices}",
        "unknown report format {found}; available formats: {choices}",
    ),
    "total_mismatch": Text(
        "「{label}」填写为 {given}，按各项相加应为 {computed}（{rule}：{description}）",
        '"{label}" is given as {given}, but its parts add up to {computed} ({rule}: {description})',
    ),
    "rule_failed": Text(
        "不符合 {rule}：{description}；实际左边为 {left}，右边为 {right}",
        "{rule} does not hold: {description}; the left side is {left}, the right side {right}",
    ),
    "too_long": Text(
        "「{label}」共 {count} 字，超过格式要求的原则上不超过 {limit} 字",
        '"{label}" has {count} characters; the format asks for at most {limit}',
    ),
    "previous_format": Text(
        "上年报告的格式为 {found}，与本年的 {expected} 不同，无法逐项比对",
        "last year's report uses format {found}, not {expected}: cannot compare item by item",
    ),
    "template": Text("模板错误：{detail}", "template error: {detail}"),
    "format_description": Text("格式描述有误：{detail}", "format description error: {detail}"),
    "markup": Text(
        "模板生成了无法排版的内容：{detail}",
        "a template produced content that cannot be typeset: {detail}",
    ),
    "output": Text("无法写入 {path}：{reason}", "cannot write {path}: {reason}"),
    "summary": Text(
        "{errors} 个错误，{warnings} 个警告", "{errors} error(s), {warnings} warning(s)"
    ),
    "strict_failed": Text("按 --strict 要求，警告也视为错误", "--strict: warnings count as errors"),
    "unknown_output": Text(
        "未知的输出类型 {found}；可选：{choices}",
        "unknown output type {found}; choose from {choices}",
    ),
    "internal": Text(
        "reportgen 内部错误（请将以下信息报告给维护者）：{detail}",
        "internal error in reportgen (please report this to the maintainers): {detail}",
    ),
}

EXPECTED: dict[str, Text] = {
    "count": Text("非负整数", "a whole number, 0 or more"),
    "signed": Text("整数", "a whole number"),
    "amount": Text("数字（可带小数）", "a number (decimals allowed)"),
    "text": Text("文字（用引号括起）", "text in quotes"),
    "paragraphs": Text("文字（用引号括起）", "text in quotes"),
    "date": Text("日期（如 2026-01-20）", "a date such as 2026-01-20"),
    "year": Text("年份（如 2025）", "a year such as 2025"),
    "records": Text("表格数组（[[…]]）", "an array of tables ([[…]])"),
    "table": Text("表（[…]）", "a table ([…])"),
}


def phrase(code: str, **params: Any) -> Text:
    """A catalogue entry formatted in both languages, for use as another message's parameter."""
    entry = CATALOGUE[code]
    return Text(entry.zh.format(**params), entry.en.format(**params))


def text(code: str, lang: str, params: Mapping[str, Any]) -> str:
    resolved = {
        key: value.get(lang) if isinstance(value, Text) else value for key, value in params.items()
    }
    return CATALOGUE[code].get(lang).format(**resolved)


def language(explicit: str | None = None) -> str:
    """``en`` when asked for (option, REPORTGEN_LANG, or an English locale), else ``zh``."""
    if explicit:
        return "en" if explicit.lower().startswith("en") else "zh"
    for variable in ("REPORTGEN_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return "en" if value.lower().startswith("en") else "zh"
    return "zh"
