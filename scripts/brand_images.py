"""Draw the integration's brand images (custom_components/sportrix/brand/) from one design.

The design is the icon on a 256-unit grid: a green rounded square holding a pitch, a ball and a
broadcast sign. The logo is that icon beside the name. Everything is drawn eight times larger and
scaled down, which gives smooth edges without an SVG renderer. Run `scripts/brand` after changing
anything here; the offline checks (tests/meta) verify that every image exists at its size.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

BRAND_DIR = Path(__file__).resolve().parents[1] / "custom_components" / "sportrix" / "brand"
GRID = 256
SUPERSAMPLE = 8

GREEN = (16, 110, 72, 255)
PITCH_LINE = (236, 246, 240, 255)
BALL = (255, 255, 255, 255)
INK = (20, 20, 20, 255)
SIGNAL = (255, 214, 0, 255)

NAME = "Sportrix"
TAGLINE = "Live Scores"


@dataclass(frozen=True, slots=True)
class Wordmark:
    """The colours of the logo's text, for a light or a dark background."""

    name: tuple[int, int, int, int]
    tagline: tuple[int, int, int, int]


LIGHT = Wordmark(name=INK, tagline=GREEN)
DARK = Wordmark(name=(242, 242, 242, 255), tagline=(96, 200, 150, 255))


def _box(cx: float, cy: float, r: float, k: float) -> tuple[float, float, float, float]:
    """Return the bounding box of a circle, scaled by k."""
    return ((cx - r) * k, (cy - r) * k, (cx + r) * k, (cy + r) * k)


def _ball(draw: ImageDraw.ImageDraw, k: float) -> None:
    """Draw the ball: white, a black pentagon in the middle, seams out to the rim."""
    cx, cy, r = 90.0, 162.0, 46.0
    draw.ellipse(_box(cx, cy, r, k), fill=BALL, outline=INK, width=round(3.5 * k))
    pentagon = [
        (cx + 16 * math.cos(math.radians(a)), cy + 16 * math.sin(math.radians(a)))
        for a in range(-90, 270, 72)
    ]
    draw.polygon([(x * k, y * k) for x, y in pentagon], fill=INK)
    for x, y in pentagon:
        angle = math.atan2(y - cy, x - cx)
        rim = (cx + (r - 2) * math.cos(angle), cy + (r - 2) * math.sin(angle))
        draw.line([(x * k, y * k), (rim[0] * k, rim[1] * k)], fill=INK, width=round(2.5 * k))


def _signal(draw: ImageDraw.ImageDraw, k: float) -> None:
    """Draw the broadcast sign in the top right corner: a dot under three arcs."""
    cx, cy = 193.0, 62.0
    draw.ellipse(_box(cx, cy, 7.5, k), fill=SIGNAL)
    for radius in (21.0, 37.5, 54.0):
        draw.arc(_box(cx, cy, radius, k), 200, 340, fill=SIGNAL, width=round(5.5 * k))


def draw_icon(size: int) -> Image.Image:
    """Return the icon, size pixels square."""
    return _render_icon(size * SUPERSAMPLE).resize((size, size), Image.Resampling.LANCZOS)


def _render_icon(pixels: int) -> Image.Image:
    """Draw the icon at pixels square, edges not yet smoothed."""
    k = pixels / GRID
    image = Image.new("RGBA", (round(GRID * k), round(GRID * k)), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((8 * k, 10 * k, 248 * k, 250 * k), radius=40 * k, fill=GREEN)
    line = round(2.5 * k)
    draw.rounded_rectangle(
        (30 * k, 30 * k, 228 * k, 228 * k), radius=8 * k, outline=PITCH_LINE, width=line
    )
    draw.line([(129 * k, 30 * k), (129 * k, 228 * k)], fill=PITCH_LINE, width=line)
    draw.ellipse(_box(129, 128, 36, k), outline=PITCH_LINE, width=line)
    _ball(draw, k)
    _signal(draw, k)
    return _trimmed(image).resize((pixels, pixels), Image.Resampling.LANCZOS)


def _trimmed(image: Image.Image) -> Image.Image:
    """Crop to the drawing and centre it on a square canvas: brand images carry no margin."""
    bbox = image.getbbox()
    if bbox is None:
        raise ValueError("nothing was drawn")
    art = image.crop(bbox)
    side = max(art.size)
    canvas = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    canvas.paste(art, ((side - art.width) // 2, (side - art.height) // 2))
    return canvas


def draw_logo(height: int, colours: Wordmark) -> Image.Image:
    """Return the logo, height pixels high: the icon, then the name over the tagline."""
    scale = SUPERSAMPLE
    h = height * scale
    icon = _render_icon(h)
    name_font = ImageFont.load_default(size=round(h * 0.50))
    tagline_font = ImageFont.load_default(size=round(h * 0.26))
    gap = round(h * 0.16)
    measure = ImageDraw.Draw(Image.new("RGBA", (1, 1)))
    stroke = max(1, round(h * 0.012))
    name_box = measure.textbbox((0, 0), NAME, font=name_font, stroke_width=stroke)
    tagline_box = measure.textbbox((0, 0), TAGLINE, font=tagline_font)
    text_width = max(name_box[2], tagline_box[2])
    image = Image.new("RGBA", (h + gap + text_width, h), (0, 0, 0, 0))
    image.paste(icon, (0, 0))
    draw = ImageDraw.Draw(image)
    # The name sits in the upper part, the tagline under it; both start after the icon.
    draw.text(
        (h + gap, round(h * 0.08) - name_box[1]),
        NAME,
        font=name_font,
        fill=colours.name,
        stroke_width=stroke,
        stroke_fill=colours.name,
    )
    draw.text(
        (h + gap, round(h * 0.66) - tagline_box[1]),
        TAGLINE,
        font=tagline_font,
        fill=colours.tagline,
    )
    cropped = image.crop(image.getbbox())
    width = round(cropped.width * height / cropped.height)
    return cropped.resize((width, height), Image.Resampling.LANCZOS)


def images() -> dict[str, Image.Image]:
    """Return every brand image by file name."""
    return {
        "icon.png": draw_icon(256),
        "icon@2x.png": draw_icon(512),
        # The icon has its own background, so it needs no dark variant; the logo's text does.
        "logo.png": draw_logo(128, LIGHT),
        "logo@2x.png": draw_logo(256, LIGHT),
        "dark_logo.png": draw_logo(128, DARK),
        "dark_logo@2x.png": draw_logo(256, DARK),
    }


def main() -> None:
    """Write the brand images."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=BRAND_DIR, help="where to write them")
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    for name, image in images().items():
        image.save(out / name, optimize=True)
        print(f"brand: {out / name} {image.width}x{image.height}")


if __name__ == "__main__":
    main()
