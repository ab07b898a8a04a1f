"""QR codes made on the server with segno: share codes of pages, check-in codes."""

import io

import segno


def qr_svg(data: str, *, title: str, scale: int = 4) -> str:
    """An SVG element (no XML declaration) to put in a page or serve as a file."""
    out = io.BytesIO()
    segno.make(data, error="m").save(
        out, kind="svg", scale=scale, border=2, xmldecl=False, title=title
    )
    return out.getvalue().decode()


def qr_png(data: str, *, scale: int = 8) -> bytes:
    """A PNG, for an e-mail attachment."""
    out = io.BytesIO()
    segno.make(data, error="m").save(out, kind="png", scale=scale, border=4)
    return out.getvalue()
