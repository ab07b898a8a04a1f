"""Checks an uploaded xlsx before openpyxl opens it, so reading it stays small.

An xlsx is a zip of XML parts. openpyxl (read-only) streams the worksheet row by row but
holds one whole row at a time, every shared string, and the other parts (styles, the
workbook) as whole trees: a few kilobytes of XML such as `<c/><c/>…` would become
hundreds of megabytes of Python objects. So, before that, each part is parsed once with
expat, which keeps nothing but the current nesting, and the file is refused at the first
count past a limit below. The declared sizes bind: zipfile stops reading an entry at its
declared size (and then fails the CRC check), so the unpacked size cannot be lied about.
"""

import io
import zipfile
from xml.parsers import expat

# Counts a real sheet of a few thousand rows stays far below; each keeps what openpyxl
# builds from the part to some tens of megabytes.
MAX_CELLS = 250_000  # <c> elements in one worksheet
MAX_ROW_ELEMENTS = 100_000  # <row> elements in one worksheet, blank ones included
MAX_CELLS_IN_ROW = 1_000
MAX_SHARED_STRINGS = 250_000  # <si> elements
MAX_ELEMENTS_OTHER_PART = 100_000  # styles, workbook, relations...: read as whole trees


class TooLarge(ValueError):
    """The archive passes a limit; the message says which, in Chinese."""


def megabytes(size: int) -> str:
    return f"{round(size / 1024 / 1024, 1):g} MB"


def check(content: bytes, *, unpacked_bytes: int) -> None:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        entries = archive.infolist()
        declared = sum(entry.file_size for entry in entries)
        if declared > unpacked_bytes:
            raise TooLarge(
                f"这个 xlsx 文件解压后有 {megabytes(declared)}，超过上限 {megabytes(unpacked_bytes)}："
                "请删去多余的工作表、图片或格式后重新保存，或拆分成几个文件分别导入。"
            )
        for entry in entries:
            if entry.filename.endswith((".xml", ".rels")):
                with archive.open(entry) as part:
                    _check_part(part)


class _Counter:
    """expat callbacks counting what openpyxl would build from one part."""

    def __init__(self):
        self.root = None
        self.elements = 0
        self.cells = 0
        self.rows = 0
        self.cells_in_row = 0
        self.strings = 0

    def start(self, tag, attributes):
        name = tag.rpartition(":")[2]
        self.elements += 1
        if self.root is None:
            self.root = name
        if self.root == "worksheet":
            if name == "row":
                self.rows += 1
                self.cells_in_row = 0
                if self.rows > MAX_ROW_ELEMENTS:
                    raise TooLarge(
                        f"工作表超过 {MAX_ROW_ELEMENTS} 行（空行也计算在内）："
                        "请删去多余的空行后重新保存。"
                    )
            elif name == "c":
                self.cells += 1
                self.cells_in_row += 1
                if self.cells_in_row > MAX_CELLS_IN_ROW:
                    raise TooLarge(f"工作表有一行超过 {MAX_CELLS_IN_ROW} 个单元格。")
                if self.cells > MAX_CELLS:
                    raise TooLarge(f"工作表超过 {MAX_CELLS} 个单元格，请拆分成几个文件分别导入。")
        elif self.root == "sst":
            if name == "si":
                self.strings += 1
                if self.strings > MAX_SHARED_STRINGS:
                    raise TooLarge(
                        f"表格中不同的文字超过 {MAX_SHARED_STRINGS} 条，请拆分成几个文件分别导入。"
                    )
        elif self.elements > MAX_ELEMENTS_OTHER_PART:
            raise TooLarge(
                f"表格的样式或结构过于复杂（超过 {MAX_ELEMENTS_OTHER_PART} 项）："
                "请清除格式后重新保存。"
            )


def _refuse_doctype(*args):
    # No part of an xlsx declares a DTD; one that does could define expanding entities.
    raise TooLarge("这个 xlsx 文件含有不允许的内容（DTD 声明），无法导入。")


def _check_part(part) -> None:
    counter = _Counter()
    parser = expat.ParserCreate()
    parser.StartElementHandler = counter.start
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    while chunk := part.read(1 << 16):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)
