"""Multi-level column headers as merged cells, shared by the XLSX and PDF renderers."""

from dataclasses import dataclass

from ..tables import Table


@dataclass(frozen=True)
class HeaderCell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


def header_cells(table: Table) -> list[HeaderCell]:
    """Cells of the header rows: equal leading labels merge across, empty lower levels merge down."""
    depth = table.depth
    paths = [column.path + ("",) * (depth - len(column.path)) for column in table.columns]
    cells = []
    for level in range(depth):
        col = 0
        while col < len(paths):
            path = paths[col]
            if level > 0 and not path[level] and not any(path[level:]) and any(path[:level]):
                col += 1  # covered by the label above, which spans down
                continue
            end = col + 1
            while end < len(paths) and paths[end][: level + 1] == path[: level + 1]:
                end += 1
            rowspan = depth - level if not any(path[level + 1:]) else 1
            cells.append(HeaderCell(path[level], level, col, rowspan, end - col))
            col = end
    return cells
