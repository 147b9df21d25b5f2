"""Where each tooth sits on the SVG chart: four rows as the paper odontogram prints them."""

from dataclasses import dataclass

from . import teeth

BOX, GAP, ROW, MIDLINE_GAP = 36, 8, 62, 16
ROWS = [(teeth.UPPER_PERMANENT, 0), (teeth.UPPER_PRIMARY, 3), (teeth.LOWER_PRIMARY, 3), (teeth.LOWER_PERMANENT, 0)]
WIDTH = 16 * (BOX + GAP) + MIDLINE_GAP
HEIGHT = 4 * ROW + 10
MIDLINE_X = 4 + 8 * (BOX + GAP) + (MIDLINE_GAP - GAP) // 2  # between 11 and 21
OCCLUSAL_Y = 2 * ROW + 3  # between the upper and the lower jaw


@dataclass(frozen=True)
class ToothBox:
    tooth: int
    status: teeth.Status
    x: int
    y: int
    selected: bool

    @property
    def lost(self) -> bool:
        return self.status.code in teeth.LOST

    @property
    def cx(self) -> int:
        return self.x + BOX // 2

    @property
    def x2(self) -> int:
        return self.x + BOX

    @property
    def y2(self) -> int:
        return self.y + BOX


def layout(statuses: dict[int, str], *, selected: int | None = None) -> list[ToothBox]:
    """One box per tooth; primary rows are indented three places so 55 stands under 15."""
    boxes = []
    for row, (numbers, indent) in enumerate(ROWS):
        half = len(numbers) // 2
        for i, tooth in enumerate(numbers):
            x = 4 + (indent + i) * (BOX + GAP) + (MIDLINE_GAP if i >= half else 0)
            status = teeth.STATUS_BY_CODE[statuses.get(tooth, teeth.SOUND)]
            boxes.append(ToothBox(tooth, status, x, 6 + row * ROW, tooth == selected))
    return boxes
