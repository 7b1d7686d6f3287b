"""tomli's syntax errors for a clerk: translated, and made specific where the line shows a
slip clerks make (a date that does not exist, 1,000, 3件 or 五 unquoted, “quotes”, ＝)."""

from __future__ import annotations

import re

from reportgen.messages.catalogue import Text, phrase
from reportgen.messages.findings import Finding
from reportgen.read.dates import date_in, date_problem
from reportgen.read.numerals import number_in

# tomli's messages after which the value on the line is worth a closer look, and those
# after which the key is.
_VALUE_ERRORS = (
    "Invalid value",
    "Expected newline or end of document after a statement",
    "Invalid date or datetime",
)
_KEY_ERRORS = (
    "Invalid statement",
    "Expected '=' after a key in a key/value pair",
    "Invalid initial character for a key part",
)


def explained(text: str, finding: Finding) -> Finding:
    """A TOML syntax error made specific where its line shows the slip a clerk makes (a date
    that does not exist, 1,000, 3件 or 五 unquoted, “quotes”, a full-width ＝, a comma before
    the } of an inline table)."""
    location = finding.location
    if finding.code != "toml_syntax" or location is None:
        return finding
    english = getattr(finding.params.get("detail"), "en", "")
    if location.line is None:  # tomli says "at end of document" for a string left open
        opened = _opening(text, english)
        return (
            finding if opened is None else finding._replace(location=location._replace(line=opened))
        )
    line = text.split("\n")[location.line - 1].rstrip("\r")
    key, equals, value = line.partition("=")
    better = None
    if english == "Illegal character '\\n'" and line.count('"') % 2:
        better = phrase("toml_unterminated_line")
    elif english == "Invalid initial character for a key part" and "{" in line:
        at = line[location.column - 1 :].strip()[:1] if location.column else ""
        if at == "}":
            better = phrase("toml_trailing_comma")
        elif not at:
            better = phrase("toml_inline_newline")
    if better is None and (english in _KEY_ERRORS or not equals):
        better = _key_slip(line, key if equals else line)
    if better is None and equals and english in _VALUE_ERRORS:
        better = _value_slip(value.split("#")[0].strip())
    if better is None:
        return finding
    return finding._replace(params={**finding.params, "detail": better})


def _opening(text: str, english: str) -> int | None:
    """The line where the string left open at the end of the file begins: the last of an odd
    number of triple quotes, or for a literal string the last line with an odd number of '."""
    if english == "Unterminated string":
        for quote in ('"""', "'''"):
            if text.count(quote) % 2:
                return text.count("\n", 0, text.rindex(quote)) + 1
    elif english == 'Expected "\'"':
        lines = text.split("\n")
        return next((n for n in range(len(lines), 0, -1) if lines[n - 1].count("'") % 2), None)
    return None


def _key_slip(line: str, key: str) -> Text | None:
    """What is wrong with a line whose key tomli could not read: full-width characters, a key
    in Chinese."""
    if "＝" in line:
        return phrase("toml_fullwidth", char="＝")
    if "\u3000" in line:
        return phrase("toml_fullwidth", char=phrase("full_width_space"))
    key = key.strip()
    if key and not key.startswith(("[", "#", '"', "'")) and not key.isascii():
        return phrase("toml_key_chars", key=key)
    return None


def _value_slip(value: str) -> Text | None:
    """What is wrong with a value tomli could not read, if it is a slip clerks make."""
    date = date_in(value)
    if date is not None:
        year, month, day = date
        reason = date_problem(year, month, day)
        if reason is not None:
            return phrase("toml_no_such_date", found=value, reason=reason)
        return phrase("toml_date_form", date=f"{year:04d}-{month:02d}-{day:02d}")
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", value):
        return phrase("toml_thousands", found=value, number=value.replace(",", ""))
    if re.fullmatch(r"0\d+", value):
        return phrase("toml_leading_zero", found=value, number=int(value))
    if re.fullmatch(r"\d+\.", value):
        return phrase("toml_trailing_dot", found=value, number=value[:-1])
    if value in ("True", "False", "TRUE", "FALSE"):
        return phrase("toml_boolean")
    if value and value[0] in "“”‘’「」『』":
        return phrase("toml_cn_quotes")
    number = number_in(value)
    if number is not None:
        return phrase("toml_number_text", found=value, number=number)
    if value and not value.isascii() and value[0] not in "\"'[{":
        return phrase("toml_unquoted", found=value)
    return None


# tomli's messages → the catalogue's code of each (Chinese for the clerk; in English
# tomli's own words, kept for --lang en and for explained() to match).
_SYNTAX = [
    (r"Expected '=' after a key in a key/value pair", "tomllib_expected_equals"),
    (r"Invalid value", "tomllib_invalid_value"),
    (r"Invalid statement", "tomllib_invalid_statement"),
    (r"Invalid initial character for a key part", "tomllib_key_start"),
    (r"Expected newline or end of document after a statement", "tomllib_after_statement"),
    (r"Unclosed array", "tomllib_unclosed_array"),
    (r"Unclosed inline table", "tomllib_unclosed_inline_table"),
    (r"Unterminated string", "tomllib_unterminated_string"),
    (r"Invalid date or datetime", "tomllib_invalid_date"),
    (
        r"Cannot (overwrite a value|declare .* twice|mutate immutable namespace .*|redefine .*)",
        "tomllib_defined_twice",
    ),
    (r"Duplicate inline table key.*", "tomllib_inline_duplicate"),
    (r"Expected ']' at the end of a table declaration", "tomllib_table_bracket"),
    (r"Expected ']]' at the end of an array declaration", "tomllib_array_bracket"),
    (r"(Illegal|Found invalid) character.*", "tomllib_illegal_character"),
    (r"Unescaped '\\' in a string", "tomllib_backslash"),
    (r"Expected \"'\"", "tomllib_single_quote"),
    (r"Invalid hex value", "tomllib_hex"),
    (r"Escaped character is not a Unicode scalar value", "tomllib_scalar"),
]


def syntax_error(message: str) -> Text:
    """tomli's message (without its position) as a bilingual detail."""
    for pattern, code in _SYNTAX:
        if re.fullmatch(pattern, message):
            return phrase(code, message=message)
    return Text(message, message)
