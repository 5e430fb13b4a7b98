"""The join link as a QR code for the projector, drawn by segno (a kept-up QR library, no dependencies)."""

from __future__ import annotations

import segno

URL_CHARS = 2048  # a join link is under 100 characters; a QR code holds at most about 2,900


def qr_svg(url: str, scale: int = 10) -> str:
    """The QR code of `url` as SVG text; ValueError (one line) for anything but a short link."""
    if not isinstance(url, str) or not url or len(url) > URL_CHARS:
        raise ValueError(f"A join link is a web address of at most {URL_CHARS} characters.")
    # Error correction M: the code still reads with 15% of it hidden (a glare spot on the projector).
    return segno.make(url, error="m", micro=False).svg_inline(scale=scale, dark="#000", light="#fff")
