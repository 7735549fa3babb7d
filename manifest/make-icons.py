#!/usr/bin/env python3
"""Draws the two Teams app icons (a shield holding a speech bubble) as PNG files.

Teams wants a 192x192 full-colour icon and a 32x32 outline icon that is white on a
transparent background. Only the standard library is used (zlib writes the PNG), so the
icons can be regenerated on any machine:  python3 manifest/make-icons.py
"""

import math
import os
import struct
import zlib

CALM_TEAL = (0x1F, 0x6F, 0x78)
WHITE = (0xFF, 0xFF, 0xFF)
SUPERSAMPLING = 4  # samples per pixel edge; gives smooth (anti-aliased) borders


def inside_shield(x, y, inset=0.0):
    """The shield in unit coordinates (0..1, y downwards), shrunk by `inset`."""
    top, shoulder, tip = 0.14 + inset, 0.46, 0.90 - inset * 1.6
    half_width = 0.31 - inset
    if y < top or y > tip:
        return False
    # A gentle dip in the top edge makes it read as a shield, not a box.
    dip = 0.035 * math.cos((x - 0.5) / half_width * math.pi / 2) if abs(x - 0.5) < half_width else 0
    if y < top + dip:
        return False
    if y <= shoulder:
        return abs(x - 0.5) <= half_width
    # Below the shoulder the sides curve in to the point at the bottom.
    t = (y - shoulder) / (tip - shoulder)
    return abs(x - 0.5) <= half_width * math.sqrt(max(0.0, 1 - t * t))


def inside_rounded_rect(x, y, left, top, right, bottom, radius):
    cx = min(max(x, left + radius), right - radius)
    cy = min(max(y, top + radius), bottom - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def inside_bubble(x, y, scale=1.0):
    """A speech bubble with a small tail at the lower left, centred in the shield."""
    x, y = 0.5 + (x - 0.5) / scale, 0.47 + (y - 0.47) / scale
    if inside_rounded_rect(x, y, 0.33, 0.33, 0.67, 0.56, 0.06):
        return True
    # Tail: a triangle hanging under the bubble's left half.
    ax, ay, bx, by, cx, cy = 0.40, 0.55, 0.50, 0.55, 0.38, 0.65
    d1 = (x - bx) * (ay - by) - (ax - bx) * (y - by)
    d2 = (x - cx) * (by - cy) - (bx - cx) * (y - cy)
    d3 = (x - ax) * (cy - ay) - (cx - ax) * (y - ay)
    has_neg = d1 < 0 or d2 < 0 or d3 < 0
    has_pos = d1 > 0 or d2 > 0 or d3 > 0
    return not (has_neg and has_pos)


def colour_icon_pixel(x, y):
    """Full-bleed teal square, white shield, teal speech bubble inside it."""
    if inside_bubble(x, y):
        return CALM_TEAL, 1.0
    if inside_shield(x, y):
        return WHITE, 1.0
    return CALM_TEAL, 1.0


def outline_icon_pixel(x, y):
    """White shield border and a white bubble; everything else transparent."""
    stroke = 0.1
    if inside_bubble(x, y, scale=0.8):
        return WHITE, 1.0
    if inside_shield(x, y) and not inside_shield(x, y, inset=stroke):
        return WHITE, 1.0
    return WHITE, 0.0


def render(size, pixel):
    rows = []
    n = SUPERSAMPLING
    for py in range(size):
        row = bytearray([0])  # PNG filter type 0 (none) for every scanline
        for px in range(size):
            r = g = b = a = 0.0
            for sy in range(n):
                for sx in range(n):
                    (cr, cg, cb), ca = pixel((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size)
                    r, g, b, a = r + cr * ca, g + cg * ca, b + cb * ca, a + ca
            if a > 0:
                row += bytes((round(r / a), round(g / a), round(b / a), round(255 * a / (n * n))))
            else:
                row += bytes((255, 255, 255, 0))
        rows.append(bytes(row))
    return b"".join(rows)


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def write_png(path, size, pixels, with_alpha):
    if not with_alpha:
        # Drop the alpha byte of every pixel: the colour icon is fully opaque (colour type 2).
        stride = 1 + size * 4
        rgb = bytearray()
        for row in range(size):
            line = pixels[row * stride:(row + 1) * stride]
            rgb.append(line[0])
            for i in range(1, len(line), 4):
                rgb += line[i:i + 3]
        pixels = bytes(rgb)
    colour_type = 6 if with_alpha else 2
    header = struct.pack(">IIBBBBB", size, size, 8, colour_type, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(png_chunk(b"IHDR", header))
        f.write(png_chunk(b"IDAT", zlib.compress(pixels, 9)))
        f.write(png_chunk(b"IEND", b""))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    write_png(os.path.join(here, "color.png"), 192, render(192, colour_icon_pixel), with_alpha=False)
    write_png(os.path.join(here, "outline.png"), 32, render(32, outline_icon_pixel), with_alpha=True)
    print("wrote color.png (192x192) and outline.png (32x32)")


if __name__ == "__main__":
    main()
