"""Reading QR codes back as a phone would: zxing-cpp on pixels.

segno's SVG draws each row of dark modules as horizontal strokes one module wide
(``M4 4.5h7m1 0h1…``); ``svg_pixels`` paints those strokes on a grid, so an SVG is read back
without an SVG renderer.
"""

from __future__ import annotations

import io
import re
from urllib.parse import unquote

import zxingcpp
from PIL import Image, ImageDraw

PIXELS_PER_MODULE = 10
_VIEWBOX = re.compile(r"viewBox=[\"']0 0 ([\d.]+) ([\d.]+)[\"']")
_PATH = re.compile(r" d=[\"']([^\"']+)[\"']")
_COMMAND = re.compile(r"([MmHh])\s*(-?[\d.]+)(?:[ ,](-?[\d.]+))?")


def read_qr(image: Image.Image) -> list[str]:
    """The texts of every QR code in ``image``."""
    return [result.text for result in zxingcpp.read_barcodes(image)]


def read_png(data: bytes) -> list[str]:
    return read_qr(Image.open(io.BytesIO(data)))


def svg_pixels(svg: str) -> Image.Image:
    """Paint segno's SVG (one path of horizontal strokes) on a white image."""
    width, height = (float(n) for n in _VIEWBOX.search(svg).groups())
    scale = PIXELS_PER_MODULE
    image = Image.new("L", (round(width * scale), round(height * scale)), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for command, first, second in _COMMAND.findall(_PATH.search(svg).group(1)):
        if command == "M":
            x, y = float(first), float(second)
        elif command == "m":
            x, y = x + float(first), y + float(second)
        else:  # h: a stroke one module high, centred on y
            end = x + float(first) if command == "h" else float(first)
            draw.rectangle(
                [x * scale, (y - 0.5) * scale, end * scale - 1, (y + 0.5) * scale - 1], fill=0
            )
            x = end
    return image


def read_svg(svg: str | bytes) -> list[str]:
    if isinstance(svg, bytes):
        svg = svg.decode()
    if svg.startswith("data:"):
        svg = unquote(svg.split(",", 1)[1])
    return read_qr(svg_pixels(svg))
