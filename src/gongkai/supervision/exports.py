"""The dashboard's tables as files: one XLSX workbook (a sheet per table) or one CSV per table.

CSV is UTF-8 with a byte-order mark, so Excel opens the Chinese headers right; numbers stay
numbers in both formats.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font

from gongkai.supervision.selectors import Table

#: Characters an XLSX sheet title may not hold, and its length limit.
_SHEET_FORBIDDEN = str.maketrans({c: "－" for c in "[]:*?/\\"})
_SHEET_MAX = 31


def sheet_title(table: Table) -> str:
    """The table's title, as a valid sheet name."""
    return table.title.translate(_SHEET_FORBIDDEN)[:_SHEET_MAX]


def tables_xlsx(tables: Sequence[Table]) -> bytes:
    """Every table on its own sheet: the headers in bold, then the rows."""
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for table in tables:
        sheet = workbook.create_sheet(sheet_title(table))
        sheet.append(list(table.headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(list(row))
        for index, header in enumerate(table.headers, start=1):
            letter = sheet.cell(row=1, column=index).column_letter
            sheet.column_dimensions[letter].width = max(10, 2 * len(header) + 2)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_csv(table: Table) -> bytes:
    """One table: the header line, then a line per row (UTF-8 with BOM, CRLF line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.headers)
    writer.writerows(table.rows)
    return buffer.getvalue().encode("utf-8-sig")
