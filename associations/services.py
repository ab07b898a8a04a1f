"""Spreadsheet import outside the admin (scripts, tests); the admin uses the same resources."""

import tablib
from import_export.resources import ModelResource
from import_export.results import Result

from portal import spreadsheets


def import_spreadsheet(
    *,
    resource_class: type[ModelResource],
    content: bytes,
    file_format: str,
    user=None,
    dry_run: bool = False,
) -> Result:
    """Imports a CSV or XLSX file all-or-nothing: any bad row rolls every row back.

    `file_format` is "csv" or "xlsx". Rows are matched on 名称 + 省份, so importing the
    same file again updates the rows it created.
    """
    if file_format == "csv":
        dataset = tablib.Dataset().load(spreadsheets.decode_csv(content), format="csv")
    elif file_format == "xlsx":
        dataset = tablib.Dataset().load(content, format="xlsx")
    else:
        raise ValueError(f"不支持的文件格式：{file_format}")
    return resource_class().import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
        user=user,
    )
