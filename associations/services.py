"""Spreadsheet import outside the admin (scripts, tests); the admin uses the same resources."""

from import_export.resources import ModelResource
from import_export.results import Result

from editorial import spreadsheets


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
    formats = {"csv": spreadsheets.CSV, "xlsx": spreadsheets.XLSX}
    if file_format not in formats:
        raise ValueError(f"不支持的文件格式：{file_format}")
    # Read within the import limits, as in the admin (spreadsheets.Refused otherwise).
    dataset = formats[file_format]().create_dataset(content)
    return resource_class().import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
        user=user,
    )
