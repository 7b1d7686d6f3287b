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
    "empty": Text("「{label}」尚未填写", '"{label}" is still empty'),
    "wrong_type": Text(
        "「{label}」应为{expected}，实际为{found}{hint}",
        '"{label}": expected {expected}, found {found}{hint}',
    ),
    "hint_number": Text(
        "（请直接写数字 {number}，不加引号和单位）", " (write {number}, without quotes or units)"
    ),
    "unknown_key": Text("未知的键，已忽略{hint}", "unknown key, ignored{hint}"),
    "hint_close": Text("（是否想写 {close}？）", " (did you mean {close}?)"),
    "hint_top_level": Text(
        "（{name} 应写在 [{table}] 表头之前：TOML 中表头之后的键都属于该表）",
        " ({name} belongs before the [{table}] header: in TOML, keys after a header belong to"
        " that table)",
    ),
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
    "reference_unknown": Text(
        "正文中的引用 {reference} 不是本报告的数字{hint}",
        "the text cites {reference}, which is not a figure of this report{hint}",
    ),
    "reference_syntax": Text(
        "无法识别的引用 {reference}：应写作 {{键}}、{{键:%}} 或 {{键/键:%}}；"
        "如需原样输出花括号，请写 {{{{ 和 }}}}",
        "cannot read the reference {reference}: write {{key}}, {{key:%}} or {{key/key:%}}; "
        "for a literal brace write {{{{ or }}}}",
    ),
    "reference_share": Text(
        "引用 {reference} 中的 :% 只能用于 [counts] 某组中的一项（得到它在本组中的占比）；"
        "其他比例请写成 {{甲/乙}}",
        "{reference}: ':%' works only on an item of a [counts] list (its share of the list); "
        "for other shares write {{a/b}}",
    ),
    "exists": Text(
        "{path} 已存在；如需覆盖请加 --force",
        "{path} already exists; add --force to overwrite it",
    ),
    "templates_missing": Text(
        "模板目录 {path} 不存在（templates 相对于本文件所在目录）",
        "the templates directory {path} does not exist (templates is relative to this file)",
    ),
    "overrides": Text("（覆盖了 {hidden} 中的同名模板）", "(overrides {hidden})"),
    "template_missing": Text(
        "找不到模板 {name}（已查找：{searched}）",
        "template {name} not found (searched: {searched})",
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
    "tool_missing": Text(
        "未生成 {outputs}：找不到 {tool}。{install}",
        "{outputs} not made: {tool} is not installed. {install}",
    ),
    "install_libreoffice": Text(
        "请安装 LibreOffice 和中文字体，如 Debian/Ubuntu：sudo apt-get install "
        "libreoffice-writer-nogui fonts-noto-cjk；其他系统见 https://www.libreoffice.org/download/",
        "Install LibreOffice and a CJK font, e.g. on Debian/Ubuntu: sudo apt-get install "
        "libreoffice-writer-nogui fonts-noto-cjk; elsewhere see https://www.libreoffice.org/download/",
    ),
    "install_poppler": Text(
        "请安装 poppler-utils，如 Debian/Ubuntu：sudo apt-get install poppler-utils；"
        "macOS：brew install poppler",
        "Install poppler-utils, e.g. on Debian/Ubuntu: sudo apt-get install poppler-utils; "
        "on macOS: brew install poppler",
    ),
    "conversion_failed": Text(
        "{tool} 未能完成转换：{detail}", "{tool} could not convert the report: {detail}"
    ),
    "conversion_timeout": Text(
        "{tool} 在 {seconds} 秒内未完成转换，已中止",
        "{tool} did not finish within {seconds} s and was stopped",
    ),
    "preview_url": Text(
        "正在预览：{url}（修改数据文件或模板并保存后，页面自动刷新；按 Ctrl-C 停止）",
        "Previewing at {url} (the page reloads when the year file or a template is saved; "
        "Ctrl-C stops)",
    ),
    "preview_port": Text(
        "无法在 127.0.0.1:{port} 上启动预览：{reason}（可用 --port 换一个端口）",
        "cannot serve the preview on 127.0.0.1:{port}: {reason} (choose another with --port)",
    ),
    "preview_failed": Text(
        "报告未能生成：请改正以下问题，保存后本页自动刷新",
        "The report could not be built: fix these problems; this page reloads when you save",
    ),
    "preview_warnings": Text(
        "检查发现以下问题（报告已生成）", "The check found these problems (the report was built)"
    ),
    "preview_stopped": Text("预览已停止", "preview stopped"),
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
    "counts": Text(
        "若干组数字（如 [counts.channels] 下写 website = 393）",
        "groups of counts (e.g. website = 393 under [counts.channels])",
    ),
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
