"""Column widths for the PDF's data table, from the text the columns hold.

The table's layout is fixed (WeasyPrint then does not measure every cell of up to 2,000
rows), so the widths are chosen here: each column at least as wide as its longest word in
the font the PDF uses, so that no word is broken inside or runs into the next column, and
the rest of the page's width shared as the columns' width hints ask.
"""

import functools
import re
import shutil
import subprocess

# The PDF's data table (templates/reports/report.pdf.html): A4 landscape, 10 mm margins,
# cells in 7 pt and headings in bold 6.5 pt.
TABLE_WIDTH_PT = (297 - 2 * 10) / 25.4 * 72
FONT_SIZE_PT = 7
HEADING_SIZE_PT = 6.5
# Each cell's padding (1.5 mm a side) and a little room for the shaping measured here without.
CELL_EXTRA_PT = 2 * 1.5 / 25.4 * 72 + 2
# A word longer than this share of the table (a long web address) may be broken.
LONGEST_WORD_SHARE = 0.3
# Where a line may break: at spaces, and after a hyphen or a slash written in the text.
_WORDS = re.compile(r"[^\s]+?(?:[-/‐]|(?=\s)|$)")
# Average advances in em where no font file is found (DejaVu Sans measures about so).
FALLBACK_EM = {False: 0.62, True: 0.7}


@functools.cache
def _advances(bold):
    """(advance per character, units per em) of DejaVu Sans, or None without fontTools' font."""
    if not shutil.which("fc-match"):
        return None
    style = "DejaVu Sans:bold" if bold else "DejaVu Sans"
    path = subprocess.run(["fc-match", "-f", "%{file}", style], capture_output=True, text=True).stdout.strip()
    if "DejaVuSans" not in path:
        return None
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        metrics = font["hmtx"].metrics
        return {code: metrics[name][0] for code, name in font.getBestCmap().items()}, font["head"].unitsPerEm


@functools.lru_cache(maxsize=20000)
def text_width(text, *, bold=False, size=FONT_SIZE_PT):
    """The width of ``text`` in points, in DejaVu Sans; a character DejaVu lacks (Hangul,
    Hanzi: the PDF takes them from Noto CJK) counts a whole em."""
    measured = _advances(bold)
    if measured is None:
        return len(text) * FALLBACK_EM[bold] * size
    advances, units = measured
    return sum(advances.get(ord(character), units) for character in text) / units * size


def longest_word(text, *, bold=False, whole=False, size=FONT_SIZE_PT):
    """The width of the widest part of ``text`` that a line cannot break; all of it when ``whole``."""
    if not text:
        return 0
    if whole:
        return text_width(text, bold=bold, size=size)
    return max((text_width(word.strip(), bold=bold, size=size) for word in _WORDS.findall(text)), default=0)


def column_widths(headings, rows, hints, whole):
    """Each column's share of the table, as a CSS percentage.

    ``rows`` are the cells' texts as printed; ``hints`` the columns' width hints in
    characters; ``whole`` says, per column, that its cells are never broken (dates, numbers).
    """
    cap = TABLE_WIDTH_PT * LONGEST_WORD_SHARE
    least = [longest_word(str(heading), bold=True, size=HEADING_SIZE_PT) for heading in headings]
    for row in rows:
        for index, text in enumerate(row):
            least[index] = max(least[index], min(longest_word(text, whole=whole[index]), cap))
    least = [width + CELL_EXTRA_PT for width in least]
    widths = _share(least, hints, TABLE_WIDTH_PT)
    return [f"{100 * width / sum(widths):.2f}%" for width in widths]


def _share(least, hints, total):
    """Widths that fill ``total``: each column ``scale × hint`` for one scale, but never less
    than its ``least``; the scale is found by bisection (widths grow with it)."""
    hints = [max(hint, 1) for hint in hints]
    if sum(least) >= total:
        return least
    low, high = 0.0, total / min(hints)
    for _step in range(50):
        scale = (low + high) / 2
        if sum(max(low_width, scale * hint) for low_width, hint in zip(least, hints, strict=True)) > total:
            high = scale
        else:
            low = scale
    return [max(low_width, low * hint) for low_width, hint in zip(least, hints, strict=True)]
