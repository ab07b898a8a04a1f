"""QR codes made on the server with segno: share codes of pages, check-in codes."""

import io

import segno

BORDER = 2  # modules of white around the code


def qr_svg(data: str, *, title: str, scale: int = 4) -> str:
    """An SVG element (no XML declaration) to put in a page or serve as a file.

    It carries a viewBox as well as its natural width and height: without one, a box
    drawn larger by CSS or an <img> shows the code at its natural size in one corner.
    """
    qr = segno.make(data, error="m")
    out = io.BytesIO()
    qr.save(out, kind="svg", scale=scale, border=BORDER, xmldecl=False, title=title, omitsize=True)
    width, height = qr.symbol_size(scale=scale, border=BORDER)
    return out.getvalue().decode().replace("<svg ", f'<svg width="{width}" height="{height}" ', 1)


def qr_png(data: str, *, scale: int = 8) -> bytes:
    """A PNG, for an e-mail attachment."""
    out = io.BytesIO()
    segno.make(data, error="m").save(out, kind="png", scale=scale, border=4)
    return out.getvalue()
