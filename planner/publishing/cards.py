"""The picture a shared link shows (Open Graph) for a report without photos: a card of
its title and the organisation's name in the site's colour, 1200 × 630 as the networks ask.

Drawn with Pillow in a font found on the system (DejaVu or Liberation, the ones the PDFs
use), so it writes Cyrillic as well as Latin.
"""

from functools import cache
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
FONT_FOLDERS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
BOLD = ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf")
REGULAR = ("DejaVuSans.ttf", "LiberationSans-Regular.ttf")


@cache
def font_file(names: tuple[str, ...]) -> Path | None:
    for name in names:
        for base in FONT_FOLDERS:
            found = next(base.rglob(name), None) if base.is_dir() else None
            if found is not None:
                return found
    return None


def font(names: tuple[str, ...], size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    found = font_file(names)
    if found is None:  # a bare system: Pillow's own font, Latin only, still a card
        return ImageFont.load_default(size)
    return ImageFont.truetype(str(found), size)


def wrapped(draw: ImageDraw.ImageDraw, text: str, face, width: int, lines: int) -> list[str]:
    """`text` in lines no wider than `width`, at most `lines` of them (the last cut with …)."""
    out: list[str] = []
    current = ""
    for word in text.split():
        attempt = f"{current} {word}".strip()
        if draw.textlength(attempt, font=face) <= width or not current:
            current = attempt
        else:
            out.append(current)
            current = word
    if current:
        out.append(current)
    if len(out) > lines:
        out = out[:lines]
        last = out[-1]
        while last and draw.textlength(last + "…", font=face) > width:
            last = last[:-1]
        out[-1] = last.rstrip() + "…"
    return out


def card_png(title: str, organisation: str, accent: str) -> bytes:
    """A 1200 × 630 PNG: the title in large white type on the accent colour, the
    organisation's name under it."""
    image = Image.new("RGB", (WIDTH, HEIGHT), accent)
    draw = ImageDraw.Draw(image)
    width = WIDTH - 2 * MARGIN
    size = 76
    face = font(BOLD, size)
    lines = wrapped(draw, title, face, width, 4)
    if len(lines) > 3:  # a long title: a smaller size, up to four lines
        size = 60
        face = font(BOLD, size)
        lines = wrapped(draw, title, face, width, 4)
    y = MARGIN
    for line in lines:
        draw.text((MARGIN, y), line, font=face, fill="white")
        y += int(size * 1.2)
    small = font(REGULAR, 40)
    name = wrapped(draw, organisation, small, width, 1)
    draw.rectangle((MARGIN, HEIGHT - MARGIN - 80, MARGIN + 120, HEIGHT - MARGIN - 72), fill="white")
    draw.text((MARGIN, HEIGHT - MARGIN - 48), name[0] if name else "", font=small, fill="white")
    out = BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()
