"""Every user-facing message, in Chinese (the default) and English.

Messages are looked up by code and formatted with their parameters. A parameter may itself be
a :class:`Text` (a phrase in both languages), resolved to the message's language.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from reportgen.errors import Text as Text

CATALOGUE: dict[str, Text] = {
    "warning_prefix": Text("警告：{message}", "warning: {message}"),
    "file_missing": Text("找不到文件", "file not found"),
    "file_is_directory": Text("这是一个目录，不是年度数据文件", "is a directory, not a year file"),
    "file_unreadable": Text("无法读取文件：{reason}", "cannot read the file: {reason}"),
    "file_encoding": Text(
        "文件不是 UTF-8 编码，也不能按 GB18030（GBK）读作中文，无法读取：这一行有无法识别的字节"
        " {bytes}（请在编辑器中另存为 UTF-8）",
        "the file is not UTF-8 encoded, nor Chinese text in GB18030 (GBK): this line has the"
        " bytes {bytes} (save the file as UTF-8 in your editor)",
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
        "不符合 {rule}：{description}；实际左边为 {left}（{left_terms}），"
        "右边为 {right}（{right_terms}）",
        "{rule} does not hold: {description}; the left side is {left} ({left_terms}), the right"
        " side {right} ({right_terms})",
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
    # Shared defaults (`extends`), batches and aggregation.
    "extends_missing": Text(
        "共享文件 {path} 不存在（extends 相对于本文件所在目录）",
        "the shared file {path} does not exist (extends is relative to this file)",
    ),
    "extends_cycle": Text("extends 形成循环：{files}", "extends goes round in a circle: {files}"),
    "no_year_files": Text(
        "没有找到年度数据文件（目录中没有 .toml 文件，或通配符未匹配任何文件）",
        "no year files found (no .toml file in the directory, or the pattern matches none)",
    ),
    "output_collision": Text(
        "与 {others} 生成同名的报告 {name}，会互相覆盖；请分别输出到不同目录（-o）。未写入任何文件",
        "would write the same report {name} as {others}, overwriting it; build them into "
        "different directories (-o). Nothing was written",
    ),
    "error_detail": Text("{detail}", "{detail}"),
    "batch_previous": Text(
        "--previous 只能用于单个文件", "--previous works with a single year file only"
    ),
    "batch_built": Text("[{done}/{total}] 已生成 {file}", "[{done}/{total}] built {file}"),
    "batch_failed": Text(
        "[{done}/{total}] 失败 {file}：{problem}", "[{done}/{total}] failed {file}: {problem}"
    ),
    "batch_checked": Text(
        "[{done}/{total}] 已检查 {file}：{errors} 个错误，{warnings} 个警告",
        "[{done}/{total}] checked {file}: {errors} error(s), {warnings} warning(s)",
    ),
    "batch_shared": Text(
        "跳过共享文件 {file}（本批其他文件通过 extends 引用它）",
        "skipped the shared file {file} (other files of the batch extend it)",
    ),
    "batch_total_build": Text(
        "共 {total} 个文件：已生成 {built} 个，失败 {failed} 个；{warnings} 个警告",
        "{total} file(s): {built} built, {failed} failed; {warnings} warning(s)",
    ),
    "batch_total_check": Text(
        "共 {total} 个文件：通过 {passed} 个，未通过 {failed} 个；"
        "{errors} 个错误，{warnings} 个警告",
        "{total} file(s): {passed} passed, {failed} failed; {errors} error(s), "
        "{warnings} warning(s)",
    ),
    "batch_not_run": Text(
        "按 --fail-fast 在首个失败后停止，{count} 个文件未处理",
        "stopped after the first failure (--fail-fast): {count} file(s) not processed",
    ),
    "batch_hint": Text(
        "查看一个文件的全部问题：reportgen check 文件",
        "to see every problem of a file: reportgen check FILE",
    ),
    "batch_progress": Text(
        "已完成 {done}/{total}，失败 {failed}", "{done}/{total} done, {failed} failed"
    ),
    "column_file": Text("文件", "file"),
    "column_result": Text("结果", "result"),
    "column_warnings": Text("警告", "warnings"),
    "column_problem": Text("首个错误或警告", "first error or warning"),
    "status_built": Text("已生成", "built"),
    "status_passed": Text("通过", "passed"),
    "status_failed": Text("失败", "failed"),
    "aggregate_mismatch": Text(
        "{what}为 {found}，与 {other} 的 {expected} 不同，不能汇总",
        "{what} is {found}, not {expected} as in {other}: cannot be summed with it",
    ),
    "aggregate_unknown": Text(
        "{agency}此项以文字说明代替数字（{note}），汇总数未知，汇总文件中写为说明",
        "{agency} gives a note instead of a number here ({note}): the sum is unknown and is "
        "written as a note",
    ),
    "aggregate_unit": Text(
        "单位为 {found}，与 {other} 的 {expected} 不同，汇总数未知，汇总文件中写为说明",
        "the unit is {found}, not {expected} as in {other}: the sum is unknown and is written "
        "as a note",
    ),
    # Reading a year file: what it is if not text, its encoding, characters no report can hold.
    "file_empty": Text(
        "文件中没有任何数据：年度数据文件至少要写明 format、year 和各必填项"
        "（可用 reportgen init 生成一个待填写的文件）",
        "the file holds no data: a year file gives at least format, year and the required"
        " fields (reportgen init writes one to fill in)",
    ),
    "file_binary": Text(
        "这是{kind}，不是年度数据文件：年度数据文件是 UTF-8 编码的 TOML 文本"
        "（如 year.toml，可用 reportgen init 生成）",
        "this is {kind}, not a year file: a year file is UTF-8 TOML text (such as year.toml;"
        " reportgen init writes one)",
    ),
    "file_decoded": Text(
        "文件不是 UTF-8 编码，已按 {encoding} 读取；请在编辑器中另存为 UTF-8",
        "the file is not UTF-8 encoded and was read as {encoding}; save it as UTF-8 in your editor",
    ),
    "file_bad_bom": Text(
        "文件开头标明是 {encoding} 编码，但内容无法按 {encoding} 读取（请在编辑器中另存为 UTF-8）",
        "the file starts with a {encoding} byte-order mark but does not read as {encoding}"
        " (save it as UTF-8 in your editor)",
    ),
    "file_mixed": Text(
        "文件是 UTF-8 编码，但这一行有不是 UTF-8 的字节 {bytes}（可能粘贴了其他编码的文字）；"
        "请改正这一行后另存为 UTF-8",
        "the file is UTF-8 encoded, but this line has bytes that are not UTF-8 ({bytes}; text"
        " pasted from another encoding?): correct the line and save the file as UTF-8",
    ),
    "cleaned": Text(
        "已删除 {count} 个无法写入报告的字符 {chars}（控制字符或残缺的 Unicode 字符，"
        "多见于从 Word、网页或 PDF 复制的文字）",
        "removed {count} character(s) that no report can hold, {chars} (control characters or"
        " broken Unicode, often pasted from Word, web pages or PDFs)",
    ),
    "issued_early": Text(
        "成文日期 {issued} 不在报告年度结束之后：统计期限截至 {year} 年 12 月 31 日，"
        "报告应在此后成文",
        "the issuing date {issued} is not after the report year: its statistics run to"
        " 31 December {year}, and the report is issued after that",
    ),
    "hint_year_range": Text(
        "（报告年度应在 2008 至 {latest} 年之间：《政府信息公开条例》自 2008 年 5 月 1 日起施行）",
        " (the report year is between 2008 and {latest}: the Regulations on the Disclosure of"
        " Government Information took effect on 1 May 2008)",
    ),
    "hint_too_large": Text("（超出可处理的范围，最大为 {limit}）", " (too large: at most {limit})"),
    "hint_date": Text("（请写作 {date}，不加引号）", " (write {date}, without quotes)"),
    "hint_reason": Text("（{reason}）", " ({reason})"),
    "date_no_month": Text("一年只有 12 个月", "a year has 12 months"),
    "date_no_day": Text("{year} 年 {month} 月没有 {day} 日", "{year}-{month:02d} has no day {day}"),
    "toml_no_such_date": Text(
        "日期 {found} 不存在：{reason}", "there is no date {found}: {reason}"
    ),
    "toml_date_form": Text(
        "日期应写作 {date}（年-月-日，月、日各两位，不加引号）",
        "write the date as {date} (year-month-day, two-digit month and day, no quotes)",
    ),
    "toml_thousands": Text(
        "数字中不能有逗号：{found} 应写作 {number}",
        "no commas in numbers: write {found} as {number}",
    ),
    "toml_leading_zero": Text(
        "整数不能以 0 开头：{found} 应写作 {number}",
        "a whole number cannot start with 0: write {found} as {number}",
    ),
    "toml_trailing_dot": Text(
        "小数点后应有数字：{found} 应写作 {number}",
        "digits must follow the decimal point: write {found} as {number}",
    ),
    "toml_number_text": Text(
        "数字不加单位、不用中文数字：{found} 应写作 {number}",
        "numbers take no units and no Chinese numerals: write {found} as {number}",
    ),
    "toml_cn_quotes": Text(
        '文字要用英文双引号 " 括起，不能用中文引号 “ ” 或 「 」',
        'text goes in straight double quotes ", not in “ ” or 「 」',
    ),
    "toml_unquoted": Text(
        '文字要用英文双引号括起：写作 "{found}"', 'text goes in double quotes: write "{found}"'
    ),
    "toml_fullwidth": Text(
        "这一行有全角的{char}：等号和空格要用英文半角的 = 和空格",
        "this line has a full-width {char}: use the ASCII = and space",
    ),
    "full_width_space": Text("空格", "space"),
    "toml_boolean": Text("true 和 false 要小写", "true and false are written in lower case"),
    "toml_unterminated_line": Text(
        '字符串缺少结束引号（用 " 括起的文字须在同一行内结束；多行文字请用 """…"""）',
        'the string is not closed (text in " ends on the same line; for several lines use """…""")',
    ),
    "toml_number_too_long": Text(
        "数字的位数太多（上千位），无法读取", "a number of thousands of digits cannot be read"
    ),
    "toml_trailing_comma": Text(
        "行内表 {{ … }} 的最后一项后面不能有逗号",
        "no comma after the last item of an inline table {{ … }}",
    ),
    "toml_inline_newline": Text(
        "行内表 {{ … }} 要写在一行之内（内容多时改用 [表头] 分行写）",
        "an inline table {{ … }} stays on one line (for more, use a [header] and one key per line)",
    ),
    "toml_key_chars": Text(
        "键名 {key} 不正确：键名只能由英文字母、数字、_ 和 - 组成"
        "（各键见 reportgen init 生成的文件）",
        "the key {key} is not valid: keys are made of ASCII letters, digits, _ and - (reportgen"
        " init writes every key)",
    ),
    # issue 14: format descriptions (format.toml) checked against their schema; generic layout
    "format_wrong_type": Text(
        "格式描述错误：应为{expected}，实际为{found}",
        "format description error: expected {expected}, found {found}",
    ),
    "format_unknown_key": Text(
        "格式描述错误：未知的键 {name}（此处可用的键：{allowed}）",
        "format description error: unknown key {name} (keys allowed here: {allowed})",
    ),
    "format_unknown_key_close": Text(
        "格式描述错误：未知的键 {name}（是否想写 {close}？）",
        "format description error: unknown key {name} (did you mean {close}?)",
    ),
    "format_missing_key": Text(
        "格式描述错误：缺少 {name}", "format description error: {name} is missing"
    ),
    "format_bad_choice": Text(
        "格式描述错误：{found} 不是可用的取值（可用：{choices}）",
        "format description error: {found} is not allowed (choices: {choices})",
    ),
    "format_duplicate": Text(
        "格式描述错误：{name} 重复定义", "format description error: {name} is defined twice"
    ),
    "format_unknown_table": Text(
        "格式描述错误：没有标识为 {name} 的表", "format description error: no table {name}"
    ),
    "format_unknown_section": Text(
        "格式描述错误：没有标识为 {name} 的部分", "format description error: no section {name}"
    ),
    "format_unknown_value": Text(
        "格式描述错误：没有键为 {name} 的数值单元格",
        "format description error: no value cell has the key {name}",
    ),
    "format_unknown_column": Text(
        "格式描述错误：columns 中没有列 {name}",
        "format description error: {name} is not one of the table's columns",
    ),
    "format_span_overrun": Text(
        "格式描述错误：单元格的跨行或跨列超出了表格，或与其他单元格重叠",
        "format description error: the cell's span runs past the table or into another cell",
    ),
    "format_row_width": Text(
        "格式描述错误：这一行占 {found} 列，表格有 {width} 列",
        "format description error: this row covers {found} columns of the table's {width}",
    ),
    "format_widths": Text(
        "格式描述错误：给出了 {found} 个列宽，表格有 {width} 列",
        "format description error: {found} widths for a table of {width} columns",
    ),
    "format_bad_loop": Text(
        '格式描述错误：循环只能是 "*"（row 或 col）或一组名称，实际为 {found}',
        'format description error: a loop is "*" (row or col) or a list of names, found {found}',
    ),
    "format_bad_placeholder": Text(
        "格式描述错误：花括号中的名称无法替换：{found}",
        "format description error: a name in braces cannot be filled in: {found}",
    ),
    "format_total_left": Text(
        '格式描述错误：合计规则（kind = "total"）的左边只能是一个本年度的键',
        'format description error: a total rule (kind = "total") has one plain key on the left',
    ),
    "format_total_relation": Text(
        "格式描述错误：合计规则只能是相等关系",
        "format description error: a total rule can only be an equality",
    ),
    "format_items_not_records": Text(
        "格式描述错误：只有 records 类型的内容才有 items",
        "format description error: only a field of type records has items",
    ),
    "format_include_outside": Text(
        "格式描述错误：{name} 不在模板目录之内"
        "（只能写模板目录中的相对路径，不能用绝对路径、..或指向目录外的链接）",
        "format description error: {name} is outside the templates directories (only a relative"
        " name inside them; no absolute path, .. or link leading out)",
    ),
    "format_include_directory": Text(
        "格式描述错误：{name} 是一个目录，不是格式描述文件",
        "format description error: {name} is a directory, not a format description",
    ),
    "format_include_missing": Text(
        "格式描述错误：找不到 {name}", "format description error: {name} not found"
    ),
    "format_extends_itself": Text(
        "格式描述错误：循环继承：{chain}", "format description error: extends itself: {chain}"
    ),
    "format_rule_cycle": Text(
        "格式描述错误：合计规则由自身计算", "format description error: rules compute it from itself"
    ),
    "format_unreadable": Text(
        "格式描述错误：无法读取：{reason}", "format description error: cannot read: {reason}"
    ),
    "format_not_utf8": Text(
        "格式描述错误：文件不是 UTF-8 编码", "format description error: the file is not UTF-8"
    ),
    "not_a_choice": Text(
        "「{label}」应为 {choices} 之一，实际为{found}",
        '"{label}": expected one of {choices}, found {found}',
    ),
    "field_unprinted": Text(
        "「{label}」已填写，但报告中没有印出（模板未包含这一项）",
        '"{label}" has a value, but the report does not print it (the template leaves it out)',
    ),
    "format_not_a_file": Text(
        "格式描述错误：这是{kind}，不是普通文件，不能作为格式描述",
        "format description error: this is {kind}, not a regular file, so it cannot be one",
    ),
    "format_too_large": Text(
        "格式描述错误：文件超过 {limit} KB 的上限",
        "format description error: the file is larger than the limit of {limit} KB",
    ),
    "format_too_deep": Text(
        "格式描述错误：嵌套层数过多", "format description error: nested too deeply"
    ),
    "format_extends_too_long": Text(
        "格式描述错误：extends 链超过 {limit} 层",
        "format description error: a chain of extends longer than {limit}",
    ),
    "format_no_columns": Text(
        '格式描述错误：for.col = "*" 需要表格写出 columns',
        'format description error: for.col = "*" needs the table\'s columns',
    ),
    "format_toml": Text(
        "格式描述错误：TOML 语法错误：{detail}", "format description error: invalid TOML: {detail}"
    ),
    # issue 17: the clerk's first hour (skeleton comments, next steps, hints, blame, punctuation)
    "init_next": Text(
        "下一步：\n"
        "  1. 用文本编辑器打开 {file}，按注释填写（数字写在 = 之后，文字写在引号之间）\n"
        "  2. reportgen check {file}    检查，列出要改的地方\n"
        "  3. reportgen build {file}    生成报告（.docx 和 .html）\n"
        "  4. reportgen preview {file}  在浏览器中边改边看",
        "Next steps:\n"
        "  1. open {file} in a text editor and fill it in as its comments say\n"
        "  2. reportgen check {file}    lists what to fix\n"
        "  3. reportgen build {file}    writes the report (.docx and .html)\n"
        "  4. reportgen preview {file}  shows the report in a browser as you edit",
    ),
    "hint_note": Text(
        '（原报告此格写的是文字时，请写作 {{ note = "…" }}，报告中该格显示为注）',
        ' (if the published report has words in this cell, write {{ note = "…" }}: it prints as'
        " a note)",
    ),
    "misplaced_key": Text(
        "这一行属于第 {line} 行的 [{table}]（TOML 中表头以下的键都属于该表），"
        "因此不是「{label}」（{name}）；把 [{table}] 移到文件末尾，或把这一行移到该表头之上",
        "this line belongs to [{table}] on line {line} (in TOML the keys below a header belong"
        ' to it), so it is not "{label}" ({name}); move [{table}] to the end of the file, or'
        " this line above that header",
    ),
    "check_passed": Text(
        "检查通过：{errors} 个错误，{warnings} 个警告",
        "check passed: {errors} error(s), {warnings} warning(s)",
    ),
    "half_width_punctuation": Text(
        "「{label}」中有 {count} 处半角标点夹在中文之间（如“{example}”），应为全角；"
        "reportgen check --fix-punctuation 可一次改正",
        '"{label}" has {count} half-width punctuation mark(s) between Chinese characters (e.g.'
        ' "{example}"), where Chinese uses full-width ones; reportgen check --fix-punctuation'
        " fixes them",
    ),
    "punctuation_fixed": Text(
        "已将 {count} 处半角标点改为全角：{path}",
        "made {count} punctuation mark(s) full-width: {path}",
    ),
    "punctuation_not_utf8": Text(
        "{path} 不是 UTF-8 编码，未改动；请先在编辑器中另存为 UTF-8",
        "{path} is not UTF-8 encoded and was left as it is; save it as UTF-8 first",
    ),
    "fix_one_file": Text(
        "--fix-punctuation 一次只改一个年度数据文件",
        "--fix-punctuation fixes one year file at a time",
    ),
    "preview_errors": Text(
        "检查发现以下错误：报告中出错之处已用红框标出，点击一条错误可跳到该处；改正并保存后本页自动刷新",
        "The check found these errors: they are outlined in red in the report below; click one"
        " to go to it. This page reloads when you save",
    ),
    "preview_errors_stale": Text(
        "检查发现以下错误，报告暂时无法按当前文件生成：下面是上次生成成功的报告，点击一条错误可跳到相关之处；"
        "改正并保存后本页自动刷新",
        "The check found these errors and the report cannot be built from the file as it is:"
        " below is the last report that could; click an error to go to the place it concerns."
        " This page reloads when you save",
    ),
    "term_previous": Text("上年报告的{label}", "last year's {label}"),
    "scaffold_optional_path": Text(
        '{comment}（可选，写作 {name} = "{example}"）',
        '{comment} (optional, written {name} = "{example}")',
    ),
    "scaffold_another_record": Text(
        '再写一项：去掉下面各行开头的 "# "；更多项照此各写一个 [[{key}]]',
        'one more item: remove the "# " in front of the lines below; one [[{key}]] per item',
    ),
    "scaffold_counts_here": Text(
        "以下表头须留在文件末尾：TOML 中表头以下的键都属于该表",
        "keep this header at the end of the file: in TOML the keys below a header belong to it",
    ),
    "scaffold_computed": Text("{name}：{label}，由 reportgen 计算", "{name}: {label}, computed"),
    "scaffold_signed": Text(
        "增加写正数，减少写负数，如 -2", "an increase is positive, a decrease negative, e.g. -2"
    ),
    "scaffold_no_unit": Text(
        '原表未定单位，请写明，如 {{ value = 251000, unit = "元" }}',
        'the form sets no unit: give one, e.g. {{ value = 251000, unit = "元" }}',
    ),
    "scaffold_notes": Text(
        '某格原报告写的是文字而不是数字时，写作 {{ note = "…" }}（报告中该格显示为注）；'
        '数字加注写作 {{ value = 3, note = "…" }}',
        'a cell the report fills with words is written {{ note = "…" }} (shown as a note);'
        ' a number with a note {{ value = 3, note = "…" }}',
    ),
    # issue 16: typesetting
    "title_lines_differ": Text(
        "标题分行连起来应是报告标题“{expected}”，实为“{found}”（title_lines 只决定标题在哪里换行）",
        "the title lines joined should be the report's title “{expected}”, found “{found}”"
        " (title_lines only say where the title breaks)",
    ),
    # issue 11: plain data, bounded rendering, regular files, processes, validated options
    "render_too_long": Text(
        "结果过长：{length:,} 个字符（上限 {limit:,}）",
        "result too long: {length:,} characters (at most {limit:,})",
    ),
    "render_too_many": Text(
        "结果的项数过多：{count:,} 项（上限 {limit:,}）",
        "too many items: {count:,} (at most {limit:,})",
    ),
    "render_number": Text(
        "数字过大：约 {digits:,} 位（上限 {limit:,} 位）",
        "number too large: about {digits:,} digits (at most {limit:,})",
    ),
    "render_steps": Text(
        "循环次数超过上限（每份报告 {limit:,} 次）",
        "too many loop steps (at most {limit:,} per report)",
    ),
    "render_time": Text(
        "渲染时间超过上限（每份报告 {limit:g} 秒）",
        "rendering took too long (at most {limit:g} seconds per report)",
    ),
    "render_output": Text(
        "报告内容过长：超过 {limit:,} 个字符",
        "the report's content is too long: over {limit:,} characters",
    ),
    "template_encoding": Text(
        "模板文件不是 UTF-8 编码（请在编辑器中另存为 UTF-8）",
        "the template is not UTF-8 encoded (save it as UTF-8 in your editor)",
    ),
    "file_special": Text(
        "这是{kind}，不是普通文件，不能读取", "this is {kind}, not a regular file: not read"
    ),
    "file_too_large": Text("文件过大：上限为 {limit}", "the file is too large: at most {limit}"),
    "kind_folder": Text("文件夹", "a folder"),
    "kind_fifo": Text("命名管道（FIFO）", "a named pipe (FIFO)"),
    "kind_character_device": Text("字符设备", "a character device"),
    "kind_block_device": Text("块设备", "a block device"),
    "kind_socket": Text("套接字", "a socket"),
    "kind_special": Text("特殊文件", "a special file"),
    "extends_folder": Text(
        "extends 指向的 {path} 是文件夹，应为共享的年度数据文件（.toml）",
        "extends names {path}, a folder: it must name a shared year file (.toml)",
    ),
    "extends_too_deep": Text(
        "extends 层层继承超过 {limit} 层：{path}",
        "extends goes more than {limit} files deep: {path}",
    ),
    "toml_too_deep": Text(
        "嵌套层数过多（表、数组或带点的键超过 {limit} 层）",
        "nested too deeply (tables, arrays or dotted keys more than {limit} levels deep)",
    ),
    "templates_not_folder": Text(
        "--templates 给出的不是一个已有的文件夹", "--templates: not an existing folder"
    ),
    "agency_blank": Text(
        "机关名称（agency.name）去掉空格后为空：报告标题和文件名都需要它",
        "the agency name (agency.name) is blank: the report's title and file name need it",
    ),
    "jobs_invalid": Text(
        "--jobs 应为 1 或更大的整数，实际为 {found}",
        "--jobs must be a whole number of 1 or more, not {found}",
    ),
    "jobs_lowered": Text(
        "--jobs {asked} 已降为 {jobs}（{files} 个文件，{cores} 个处理器核）",
        "--jobs {asked} lowered to {jobs} ({files} files, {cores} cores)",
    ),
    "batch_stopped": Text(
        "已中断：{done}/{total} 个文件已完成，其余未处理；没有留下写了一半的文件",
        "interrupted: {done} of {total} files done, the rest not run; nothing is half-written",
    ),
    "paragraph_too_long": Text(
        "一段文字过长：超过 {limit:,} 字节（Word 文档中一段文字的上限）",
        "a paragraph is too long: over {limit:,} bytes (what a Word document can hold in one)",
    ),
    "init_year": Text(
        "--year 应为 {low} 至 {high} 之间的年份，实际为 {found}",
        "--year must be a year from {low} to {high}, not {found}",
    ),
    # issue 12: import, audit, roll forward
    "import_not_a_report": Text(
        "不是政府信息公开工作年度报告：读不出正文和表格（空文件、二进制文件或无关的网页？）",
        "not an annual report on government information disclosure: no text or tables could be"
        " read (an empty or binary file, or an unrelated page?)",
    ),
    "import_no_format": Text(
        "认不出报告的格式：标题、表格的行列名称与已知格式（{choices}）都对不上；可用 --format 指定",
        "cannot tell the report's format: its headings and table labels match none of the known"
        " formats ({choices}); give one with --format",
    ),
    "import_no_tables": Text(
        "没有找到“{format}”的统计表格（表格缺失，或行名称对不上）",
        'found none of the tables of "{format}" (tables missing, or their row labels differ)',
    ),
    "import_kind": Text(
        "不能读取 {kind} 文件：请在 Word 或 WPS 中另存为 .docx，或从网页另存为 .html、复制为 .txt",
        "cannot read {kind} files: save it as .docx in Word or WPS, or save the web page as"
        " .html or copy its text into a .txt",
    ),
    "import_summary": Text(
        "导入：正文 {prose} 处，表格数字 {cells} 个，未能确定 {left_out} 个，"
        "未找到的表格行 {missing} 行",
        "imported: {prose} prose sections, {cells} table cells, {left_out} left out,"
        " {missing} table rows not found",
    ),
    "import_left_out": Text(
        "未能确定、未导入：{table}“{row}”：{cell}", 'left out: {table} "{row}": {cell}'
    ),
    "import_ambiguous": Text("这一行与多个表格行相似", "this row is like several table rows"),
    "import_unmatched": Text(
        "这一行数字对不上表格的任何一行", "this row of figures matches no row of the table"
    ),
    "import_missing_row": Text(
        "原报告中未找到这一行：{table}“{row}”", 'row not found in the report: {table} "{row}"'
    ),
    "import_exists": Text(
        "{path} 已存在；要覆盖请加 --force", "{path} exists; add --force to overwrite it"
    ),
    "audit_total": Text(
        "{table}“{row}”行“{column}”列：报告印 {given}，各项相加为 {computed}（{description}）",
        '{table}, row "{row}", column "{column}": printed {given}, its parts add up to'
        " {computed} ({description})",
    ),
    "audit_rule": Text(
        "{table}：{description}；报告中前者为 {left}，后者为 {right}",
        "{table}: {description}; the report has {left} for the first and {right} for the second",
    ),
    "audit_previous": Text(
        "{table}“{row}”行“{column}”列，与上年报告 {previous} 比对：{description}；"
        "本年报告为 {left}，按上年报告应为 {right}",
        '{table}, row "{row}", column "{column}", against last year\'s report {previous}:'
        " {description}; this report has {left}, last year's gives {right}",
    ),
    "previous_year": Text(
        "上年文件的报告年度为 {found}，应为 {expected}（是否选错了文件？）",
        "the previous file reports on {found}, not {expected} (the wrong file?)",
    ),
    "previous_agency": Text(
        "上年文件的机关为“{found}”，与本年的“{expected}”不同（是否选错了文件？）",
        'the previous file is "{found}"\'s, not "{expected}"\'s (the wrong file?)',
    ),
    "prose_repeated": Text(
        "「{label}」与上年报告逐字相同（是否忘了改写？）",
        '"{label}" is word for word last year\'s (not rewritten?)',
    ),
    # read, validate, formats, figures (issue 13)
    # What a clerk wrote, named in a message ("found ..."): reportgen/read/describe.py
    "found_boolean": Text("布尔值 {word}", "the boolean {word}"),
    "found_negative": Text("负数 {number}", "the negative number {number}"),
    "found_whole": Text("整数 {number}", "the whole number {number}"),
    "found_decimal": Text("小数 {number}", "the decimal number {number}"),
    "found_text": Text('文字 "{text}"', 'the text "{text}"'),
    "found_datetime": Text("日期时间 {value}", "the date-time {value}"),
    "found_date": Text("日期 {value}", "the date {value}"),
    "found_time": Text("时间 {value}", "the time {value}"),
    "found_array": Text("数组 […]", "an array […]"),
    "found_table": Text("表 {{…}}", "a table {{…}}"),
    # What a file that is not text is: reportgen/read/encodings.py
    "file_kind_png": Text("一张 PNG 图片", "a PNG image"),
    "file_kind_jpeg": Text("一张 JPEG 图片", "a JPEG image"),
    "file_kind_gif": Text("一张 GIF 图片", "a GIF image"),
    "file_kind_pdf": Text("一个 PDF 文件", "a PDF file"),
    "file_kind_old_office": Text(
        "一个旧版 Office 文档（.doc、.xls、.wps 等）", "an old Office document (.doc, .xls…)"
    ),
    "file_kind_gzip": Text("一个 gzip 压缩文件", "a gzip archive"),
    "file_kind_rar": Text("一个 RAR 压缩文件", "a RAR archive"),
    "file_kind_7z": Text("一个 7z 压缩文件", "a 7z archive"),
    "file_kind_docx": Text("一个 Word 文档（.docx）", "a Word document (.docx)"),
    "file_kind_xlsx": Text("一个 Excel 表格（.xlsx）", "an Excel workbook (.xlsx)"),
    "file_kind_pptx": Text(
        "一个 PowerPoint 演示文稿（.pptx）", "a PowerPoint presentation (.pptx)"
    ),
    "file_kind_zip": Text("一个 ZIP 压缩文件", "a ZIP archive"),
    "file_kind_binary": Text("一个二进制文件（含有空字节）", "a binary file (it has NUL bytes)"),
    # Labels of keys that no format declares: reportgen/read/inherit.py, validate/yearfile.py
    "label_shared_file": Text("共享文件", "shared file"),
    "label_note": Text("注", "note"),
    "label_unit": Text("单位", "unit"),
    "label_templates": Text("模板目录", "templates directory"),
    "label_format": Text("报告格式", "report format"),
    # tomllib's syntax errors: in Chinese for the clerk; in English tomllib's own words
    # ({message}), which reportgen/read/toml_errors.py matches to make them specific.
    "tomllib_expected_equals": Text("键后面缺少等号 =", "{message}"),
    "tomllib_invalid_value": Text("值的写法不正确（文字要加引号，数字不加）", "{message}"),
    "tomllib_invalid_statement": Text("无法识别的一行（是否漏了等号或引号？）", "{message}"),
    "tomllib_key_start": Text("键名以不允许的字符开头", "{message}"),
    "tomllib_after_statement": Text(
        "值后面还有多余的内容（一行只写一个键值对；数字不加逗号和单位，文字要加引号）",
        "{message}",
    ),
    "tomllib_unclosed_array": Text("数组缺少右方括号 ]", "{message}"),
    "tomllib_unclosed_inline_table": Text("行内表缺少右花括号 }}", "{message}"),
    "tomllib_unterminated_string": Text("字符串缺少结束引号", "{message}"),
    "tomllib_invalid_date": Text("日期写法不正确（应如 2026-01-20）", "{message}"),
    "tomllib_defined_twice": Text("同一个键或表被重复定义", "{message}"),
    "tomllib_inline_duplicate": Text("行内表中有重复的键", "{message}"),
    "tomllib_table_bracket": Text("表头缺少右方括号 ]", "{message}"),
    "tomllib_array_bracket": Text("表数组头缺少 ]]", "{message}"),
    "tomllib_illegal_character": Text("出现了不允许的字符", "{message}"),
    "tomllib_backslash": Text("字符串中的反斜杠 \\ 需写成 \\\\", "{message}"),
    "tomllib_single_quote": Text("字符串缺少结束的单引号 '", "{message}"),
    "tomllib_hex": Text("\\u 或 \\U 后应为十六进制数字", "{message}"),
    "tomllib_scalar": Text("\\u 转义的不是有效的 Unicode 字符", "{message}"),
    # Types and values in the messages about a format.toml: reportgen/formats/format_schema.py
    "schema_str": Text("文字", "text"),
    "schema_int": Text("整数", "a whole number"),
    "schema_number": Text("数", "a number"),
    "schema_bool": Text("true 或 false", "true or false"),
    "schema_table": Text("表（{{…}}）", "a table ({{…}})"),
    "schema_list": Text("数组（[…]，每项为{item}）", "an array ([…]) of {item}"),
    "schema_or": Text("或", " or "),
    "schema_found_bool": Text("true/false {value}", "true/false {value}"),
    "schema_found_int": Text("整数 {value}", "the whole number {value}"),
    "schema_found_number": Text("数 {value}", "the number {value}"),
    "schema_found_text": Text("文字 {value}", "the text {value}"),
    "schema_found_array": Text("数组", "an array"),
    "schema_found_table": Text("表", "a table"),
    # What each key of a format.toml is, for editors (templates/base/format.schema.json)
    "schema_doc_format_id": Text(
        "格式标识，与目录名相同", "the format's id, the same as its folder's name"
    ),
    "schema_doc_format_name": Text("格式名称", "the format's name"),
    "schema_doc_format_name_en": Text("格式的英文名称", "the format's name in English"),
    "schema_doc_format_template": Text(
        "正文模板（相对于格式目录）；不写则由通用模板按本描述排出全文",
        "the body template (relative to the format's folder); without it the generic template"
        " lays out the whole text from this description",
    ),
    "schema_doc_format_percent_decimals": Text(
        "百分比保留的小数位数", "decimals kept in percentages"
    ),
    "schema_doc_format_include": Text(
        '合并进来的共享描述，如 "base/agency.toml"',
        'shared descriptions merged in, such as "base/agency.toml"',
    ),
    "schema_doc_format_extends": Text(
        '在其上修改的描述，如 "!default/2021/format.toml"',
        'the description this one modifies, such as "!default/2021/format.toml"',
    ),
    "schema_doc_format_intro": Text(
        "导语：{{parts}} 换成各部分名称，{{count}} 换成部分数（如“六”）",
        "the introduction: {{parts}} becomes the parts' names, {{count}} their number"
        " (such as “六”)",
    ),
    "schema_doc_format_problems_layout": Text(
        "问题与改进措施的排法：grouped 分列，paired 逐条对应",
        "how problems and their measures are laid out: grouped in two lists, paired one by one",
    ),
    "schema_doc_format_sections": Text("正文各部分，按顺序", "the parts of the text, in order"),
    "schema_doc_format_fields": Text("年度数据文件的各项内容", "what a year file holds"),
    "schema_doc_format_tables": Text("统计表，按标识", "the statistics tables, by id"),
    "schema_doc_format_shares": Text("正文可引用的比例", "shares the text may cite"),
    "schema_doc_section_id": Text("部分标识", "the part's id"),
    "schema_doc_section_heading": Text(
        "标题，如“一、总体情况”", "the heading, such as “一、总体情况”"
    ),
    "schema_doc_section_part": Text(
        "导语中的部分名称；不写则取标题中“、”之后的文字",
        "the part's name in the introduction; without it, the heading's words after “、”",
    ),
    "schema_doc_section_table": Text(
        "本部分的统计表标识", "the id of this part's statistics table"
    ),
    "schema_doc_section_max_chars": Text("篇幅上限（字）", "length limit (characters)"),
    "schema_doc_section_after": Text("新增部分排在哪个部分之后", "the part a new part comes after"),
    "schema_doc_field_key": Text("年度数据文件中的键", "the key in the year file"),
    "schema_doc_field_type": Text("内容类型", "the type of content"),
    "schema_doc_field_label": Text("中文名称", "the name in Chinese"),
    "schema_doc_field_label_en": Text("英文名称", "the name in English"),
    "schema_doc_field_doc": Text("填写说明", "how to fill it in"),
    "schema_doc_field_required": Text("是否必填", "whether it must be given"),
    "schema_doc_field_section": Text("所属部分的标识", "the id of the part it belongs to"),
    "schema_doc_field_heading": Text(
        "小标题，如“（一）主动公开”", "a subheading, such as “（一）主动公开”"
    ),
    "schema_doc_field_items": Text(
        "每条记录的各项（records 类型）", "the items of each record (type records)"
    ),
    "schema_doc_field_internal": Text(
        "只供程序使用、不在报告中印出（如 format、templates）",
        "for the program only, not printed in the report (such as format, templates)",
    ),
    "schema_doc_field_choices": Text("文字内容可用的取值", "the values a text may take"),
    "schema_doc_table_title": Text("表名", "the table's title"),
    "schema_doc_table_caption": Text(
        "表上方的说明，如“计量单位：件”", "the line above the table, such as “计量单位：件”"
    ),
    "schema_doc_table_notes": Text("表下方的注", "the notes below the table"),
    "schema_doc_table_widths": Text("各列宽度（百分比）", "the columns' widths (percent)"),
    "schema_doc_table_columns": Text(
        "各行共用的数值列标识", "the ids of the value columns every row shares"
    ),
    "schema_doc_table_header": Text("表头行", "the header rows"),
    "schema_doc_table_rows": Text("表体行", "the body rows"),
    "schema_doc_table_rules": Text("勾稽关系", "the rules its figures must satisfy"),
    "schema_doc_header_row_cells": Text("单元格", "the cells"),
    "schema_doc_row_key": Text("行标识", "the row's id"),
    "schema_doc_row_role": Text("行的作用", "what the row is for"),
    "schema_doc_row_type": Text("本行数值的类型", "the type of the row's values"),
    "schema_doc_row_cells": Text("单元格", "the cells"),
    "schema_doc_cell_text": Text("文字单元格的内容", "a text cell's content"),
    "schema_doc_cell_col": Text("数值单元格读取的列标识", "the column id a value cell reads"),
    "schema_doc_cell_value": Text(
        "数值单元格读取本行的键本身", "a value cell reading the row's own key"
    ),
    "schema_doc_cell_colspan": Text("跨列数", "columns spanned"),
    "schema_doc_cell_rowspan": Text("跨行数", "rows spanned"),
    "schema_doc_cell_class": Text("样式类，如 unit、indent", "a style class, such as unit, indent"),
    "schema_doc_cell_type": Text("数值类型", "the value's type"),
    "schema_doc_cell_unit": Text("数值后印出的单位", "the unit printed after the value"),
    "schema_doc_rule_id": Text("规则编号", "the rule's number"),
    "schema_doc_rule_kind": Text(
        "total 计算合计，check 只检查", "total computes the total, check only checks"
    ),
    "schema_doc_rule_severity": Text(
        "不符时是错误还是警告", "whether a mismatch is an error or a warning"
    ),
    "schema_doc_rule_relation": Text(
        "左右两边的关系，默认相等", "how the two sides relate, equal by default"
    ),
    "schema_doc_rule_for": Text(
        "循环：row、col 或自定义名", "loops: row, col or a name of your own"
    ),
    "schema_doc_rule_left": Text("左边各项", "the terms of the left side"),
    "schema_doc_rule_right": Text("右边各项", "the terms of the right side"),
    "schema_doc_rule_description": Text("说明", "the description"),
    "schema_doc_rule_description_en": Text("英文说明", "the description in English"),
    "schema_doc_share_label": Text("名称", "the name"),
    "schema_doc_share_part": Text("分子各项", "the terms of the numerator"),
    "schema_doc_share_whole": Text("分母各项", "the terms of the denominator"),
    # The title of a year file's JSON Schema: reportgen/formats/year_schema.py
    "year_schema_title": Text("{name}：年度数据文件", "{name}: year file"),
    # cli and runs (issue 13): the command line's help, and the text the runs write into year files
    "help_app": Text(
        "reportgen：由 TOML 年度数据文件生成政府信息公开工作年度报告（.docx、.html）。",
        "reportgen: builds the annual report on government information disclosure from a TOML"
        " year file (.docx, .html).",
    ),
    "help_lang": Text(
        "消息语言 zh 或 en（默认按系统区域设置）",
        "message language, zh or en (default: from the system locale)",
    ),
    "help_strict": Text("警告也视为错误", "treat warnings as errors"),
    "help_previous": Text(
        "上一年度的数据文件，用于核对结转和现行有效件数",
        "last year's year file, to check the figures carried over and the documents in force",
    ),
    "help_version": Text("显示版本", "show the version"),
    "help_format": Text(
        "报告格式（见 reportgen formats）", "report format (see reportgen formats)"
    ),
    "help_templates": Text(
        "模板目录，可重复，先列出的优先", "template directory; repeatable, the first listed wins"
    ),
    "help_year_files": Text(
        "年度数据文件，可多个；也可以是目录（其中的 .toml 文件）或通配符，如 'depts/**/*.toml'",
        "year files, several allowed; or directories (their .toml files) or glob patterns such"
        " as 'depts/**/*.toml'",
    ),
    "help_jobs": Text(
        "同时处理的进程数（默认为处理器核数）", "worker processes at once (default: the cores)"
    ),
    "help_fail_fast": Text("有文件失败即停止", "stop after the first file that fails"),
    "help_summary": Text(
        "将每个文件的结果写入 .json 或 .csv 文件",
        "write each file's result to a .json or .csv file",
    ),
    "help_force": Text("覆盖已有文件", "overwrite an existing file"),
    "help_formats": Text("列出可用的报告格式", "List the report formats."),
    "help_init": Text(
        "生成一个待填写的年度数据文件（含全部键和中文注释）及其 JSON Schema；--from 由上年文件结转",
        "Write a year file to fill in, with every key and a comment on each, and its JSON"
        " Schema; --from rolls last year's file forward.",
    ),
    "help_init_format": Text("报告格式（默认 2021）", "report format (default: 2021)"),
    "help_init_agency": Text("机关名称", "agency name"),
    "help_init_year": Text("报告年度（默认为上一年）", "report year (default: last year)"),
    "help_init_output": Text("写入的年度数据文件", "the year file to write"),
    "help_init_from": Text(
        "由上年的数据文件生成本年的（结转数字、机关信息）",
        "start from last year's year file (figures carried over, the agency's details)",
    ),
    "help_schema": Text(
        "输出年度数据文件的 JSON Schema，供编辑器补全和校验",
        "Print the JSON Schema of a format's year file, for editors to complete and check.",
    ),
    "help_schema_output": Text(
        "写入文件（默认输出到屏幕）", "the file to write (default: print it on the screen)"
    ),
    "help_build": Text(
        "生成报告（.docx 和 .html）；可一次生成多个文件",
        "Build the report (.docx and .html); of one year file or many at once.",
    ),
    "help_build_output": Text(
        "输出目录（默认与数据文件相同）", "output directory (default: the year file's)"
    ),
    "help_build_to": Text(
        "输出类型，逗号分隔：docx,html,pdf,png,html-fragment；pdf 需要 LibreOffice，png 还需要"
        " pdftoppm；html-fragment 为只含正文、样式内联的片段，供网站内容管理系统使用",
        "output types, comma-separated: docx,html,pdf,png,html-fragment (pdf needs LibreOffice,"
        " png also pdftoppm; html-fragment is the body alone with inline styles, for a"
        " website's CMS)",
    ),
    "help_check": Text(
        "检查数据文件，列出全部错误和警告；可一次检查多个文件",
        "Check year files and list every error and warning; one file or many at once.",
    ),
    "help_fix_punctuation": Text(
        "先把中文之间的半角标点 , ; : ( ) ? 改为全角（改写该文件）",
        "first make the half-width punctuation , ; : ( ) ? between Chinese characters"
        " full-width, rewriting the file",
    ),
    "help_import": Text(
        "把已发布的报告导入为年度数据文件", "Import a published report as a year file."
    ),
    "help_import_report": Text(
        "已发布的报告：.docx、网页另存的 .html、复制的 .txt 或 aggregate --xlsx 的工作簿",
        "a published report: a .docx, a web page saved as .html, copied text in a .txt, or"
        " the workbook aggregate --xlsx writes",
    ),
    "help_import_output": Text(
        "写入的年度数据文件（默认与报告同名 .toml）",
        "the year file to write (default: the report's name, with .toml)",
    ),
    "help_import_format": Text(
        "报告格式（默认自动识别）", "report format (default: recognised from the report)"
    ),
    "help_audit": Text(
        "导入已发布的报告并核对其中的数字，列出不一致之处",
        "Import published reports in memory, check their figures and list what is inconsistent.",
    ),
    "help_audit_reports": Text(
        "已发布的报告（.docx、.html、.txt），可多个；也可以是目录或通配符",
        "published reports (.docx, .html, .txt), several allowed; or directories or glob patterns",
    ),
    "help_aggregate": Text(
        "汇总各部门的数据文件，生成本级政府的年度数据文件",
        "Sum the departments' year files into the government-level year file.",
    ),
    "help_aggregate_output": Text(
        "写入的本级政府年度数据文件", "the government-level year file to write"
    ),
    "help_aggregate_agency": Text(
        "本级政府名称，如 某某市人民政府", "the government's name, such as 某某市人民政府"
    ),
    "help_aggregate_xlsx": Text(
        "另存汇总表和各部门数据的 .xlsx",
        "also write the sums and each department's figures to an .xlsx",
    ),
    "help_preview": Text(
        "在浏览器中预览报告，修改后自动刷新",
        "Preview the report in the browser (on 127.0.0.1), reloaded after each edit.",
    ),
    "help_preview_year_file": Text("年度数据文件 year.toml", "the year file, year.toml"),
    "help_preview_port": Text(
        "端口（127.0.0.1 上），0 为任选", "port on 127.0.0.1 (0: any free port)"
    ),
    "help_templates_app": Text(
        "查看和复制模板（省级、市级模板目录覆盖内置模板）",
        "Inspect and copy templates (a province's or city's template directory overrides the"
        " built-in templates).",
    ),
    "help_templates_list": Text(
        "列出全部模板及其所在目录", "List every template and the directory it comes from."
    ),
    "help_templates_which": Text(
        "显示某个模板实际使用的文件", "Show the file a template name resolves to."
    ),
    "help_templates_copy": Text(
        "把内置模板复制到覆盖目录，作为修改的起点",
        "Copy a built-in template into an override directory, to start an override from it.",
    ),
    "help_template_name": Text(
        "模板名，如 2021/report.html.j2", "template name, such as 2021/report.html.j2"
    ),
    "help_templates_to": Text("覆盖模板目录", "the override directory"),
    "init_agency_default": Text("某某单位", "Some Agency"),
    # Text the runs write into the year files and reports they make: always in Chinese (the
    # report's language), the English for the catalogue's readers.
    "what_format": Text("报告格式", "the format"),
    "what_year": Text("年度", "the year"),
    "aggregate_sum_unknown": Text(
        "汇总数未知：{names} 此项未给出数字，请核实后填写",
        "sum unknown: {names} give no figure here; check and fill it in",
    ),
    "aggregate_about": Text(
        "由 reportgen aggregate 汇总以下 {count} 个部门的年度数据文件生成：",
        "Made by reportgen aggregate, summing the year files of these {count} departments:",
    ),
    "aggregate_department": Text("  {agency}（{path}）", "  {agency} ({path})"),
    "aggregate_about_sums": Text(
        "表中数字为各部门之和；合计、总计由 reportgen 计算，不必填写。",
        "The tables' figures are the departments' sums; reportgen computes the totals, which"
        " need not be filled in.",
    ),
    "aggregate_about_prose": Text(
        "正文各部分（总体情况、存在的问题及改进情况等）请本级政府办公室撰写。",
        "The government's office writes the text of each part (the overview, the problems and"
        " their remedies, and so on).",
    ),
    "rolled_about": Text(
        "由 reportgen init --from 据上年数据文件生成：机关信息照抄；上年结转等按上年数字填入；",
        "Made by reportgen init --from from last year's year file: the agency's details copied;"
        " the figures carried over filled in from last year's;",
    ),
    "rolled_about_rest": Text(
        "其余数字先填 0；上年正文只作为注释列在空白字段旁，请改写本年内容。",
        "the other figures 0 for now; last year's text only as comments beside the blank"
        " fields: write this year's.",
    ),
    "rolled_last_text": Text(
        "上年内容（仅供参考，请改写本年情况）：",
        "Last year's text (for reference only; write this year's):",
    ),
    "rolled_base": Text("上年数字为 {base}：{rule}", "last year's figure is {base}: {rule}"),
    "rolled_crossed": Text(
        "上年文件为 {format}；两种格式共有的项目按同一含义结转。",
        "Last year's file is in {format}; the items both formats share are carried over with"
        " the same meaning.",
    ),
    "report_title": Text(
        "{agency}{year}年政府信息公开工作年度报告",
        "{agency}'s annual report on government information disclosure for {year}",
    ),
    "footnote_mark": Text("注{number}", "Note {number}"),
    "footnote": Text("{mark}：{note}", "{mark}: {note}"),
    "cell_see_note": Text("见{mark}", "see {mark}"),
    "cell_with_note": Text("{figure}（{mark}）", "{figure} ({mark})"),
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
    """A catalogue entry formatted in both languages, for use as another message's parameter
    (whose own parameters may be phrases in turn)."""
    return Text(text(code, "zh", params), text(code, "en", params))


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
