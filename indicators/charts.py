"""A small chart of an indicator, drawn on the server as SVG geometry: its measurements as
a line, its baseline and target as level lines. The page states the same figures in words."""

from dataclasses import dataclass

WIDTH, HEIGHT, PAD = 320, 110, 8


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    points: str
    dots: list
    baseline_y: float
    target_y: float


def indicator_chart(indicator, measurements):
    """The chart's geometry, or None with no measurement to draw."""
    if not measurements:
        return None
    values = [float(m.value) for m in measurements]
    top = max([float(indicator.target), float(indicator.baseline), *values]) * 1.1 or 1.0
    days = [m.date.toordinal() for m in measurements]
    start = days[0]
    end = max(days[-1], indicator.target_date.toordinal() if indicator.target_date else days[-1])
    span = (end - start) or 1

    def x(day):
        return round(PAD + (WIDTH - 2 * PAD) * (day - start) / span, 1)

    def y(value):
        return round(HEIGHT - PAD - (HEIGHT - 2 * PAD) * value / top, 1)

    dots = [(x(day), y(value)) for day, value in zip(days, values, strict=True)]
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        points=" ".join(f"{px},{py}" for px, py in dots),
        dots=dots,
        baseline_y=y(float(indicator.baseline)),
        target_y=y(float(indicator.target)),
    )
