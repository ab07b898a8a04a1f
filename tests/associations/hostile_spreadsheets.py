"""Spreadsheets built to exhaust a server: a small xlsx whose one cell unpacks to hundreds
of megabytes, one row of very many cells, and a CSV of very many rows. Written piece by
piece, so building them costs the test little memory."""

import io
import zipfile

import openpyxl

from tests.associations.test_import_export import HEADER

CHUNK = 1 << 20


def _xlsx_with_second_row(write_row) -> bytes:
    """An xlsx of the zone header whose second row is what `write_row(file)` writes in
    place of a placeholder cell in the worksheet's XML."""
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append(["PLACEHOLDER"])
    plain = io.BytesIO()
    book.save(plain)
    source = zipfile.ZipFile(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if b"PLACEHOLDER" not in data:
                archive.writestr(entry.filename, data)
                continue
            before, after = data.split(b"PLACEHOLDER")
            with archive.open(entry.filename, "w", force_zip64=True) as sheet:
                sheet.write(before)
                write_row(sheet)
                sheet.write(after)
    return out.getvalue()


def xlsx_with_huge_cell(cell_bytes: int) -> bytes:
    """An xlsx whose 名称 in the second row is `cell_bytes` letters."""

    def write(sheet):
        for start in range(0, cell_bytes, CHUNK):
            sheet.write(b"A" * min(CHUNK, cell_bytes - start))

    return _xlsx_with_second_row(write)


def xlsx_with_wide_row(cells: int) -> bytes:
    """An xlsx whose second row has `cells` more cells after its first: four bytes of
    XML each, some hundreds of bytes each once parsed."""

    def write(sheet):
        sheet.write(b"x</t></is></c>")
        for start in range(0, cells, 100_000):
            sheet.write(b"<c/>" * min(100_000, cells - start))
        sheet.write(b'<c t="inlineStr"><is><t>x')

    return _xlsx_with_second_row(write)


def csv_of_rows(n_rows: int, row_bytes: int = 90) -> bytes:
    """A UTF-8 CSV of 名称, 省份 and 简介 with `n_rows` distinct zones of about
    `row_bytes` each."""
    lines = ["名称,省份,简介"]
    introduction = "a" * max(row_bytes - 30, 1)
    lines.extend(f"园区{i:07d},江苏省,{introduction}" for i in range(n_rows))
    return ("\n".join(lines) + "\n").encode()
