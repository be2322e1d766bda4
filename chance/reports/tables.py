"""What every report is made of: tables (which are also the CSV files) and charts."""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.http import HttpResponse

from .periods import month_label

# A cell a spreadsheet would run as a formula (CSV injection) starts with one of these.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Table:
    key: str
    caption: str
    headers: list
    rows: list  # lists of cells; numbers stay numbers in the CSV, a date is a month

    def page_rows(self):
        """The rows as the page shows them: a month in the active language ("March 2025")."""
        return [[page_cell(c) for c in row] for row in self.rows]

    def csv_cells(self):
        yield [str(h) for h in self.headers]
        for row in self.rows:
            yield [csv_cell(c) for c in row]


def page_cell(cell):
    return month_label(cell) if isinstance(cell, datetime.date) else cell


def csv_cell(cell):
    """A month stays "2025-03" in a CSV file, whatever the language: spreadsheets sort it."""
    return f"{cell:%Y-%m}" if isinstance(cell, datetime.date) else cell


@dataclass
class Report:
    slug: str
    title: str
    question: str
    definitions: list  # (term, definition) pairs shown on the page
    tables: list
    chart: dict | None = None
    chart_kind: str = "bar"  # "bar" or "hbar"
    chart_caption: str = ""
    notes: list = field(default_factory=list)

    def table(self, key):
        for table in self.tables:
            if table.key == key:
                return table
        return None


def _safe(cell):
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return "" if cell is None else cell


def csv_text(table: Table) -> str:
    """The table as a UTF-8 CSV's text, with a byte-order mark, so spreadsheets read accents and
    dashes right; a cell a spreadsheet would run as a formula is quoted."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    for row in table.csv_cells():
        writer.writerow([_safe(c) for c in row])
    return out.getvalue()


def csv_response(table: Table, filename: str) -> HttpResponse:
    response = HttpResponse(csv_text(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
