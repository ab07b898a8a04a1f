"""The demo's pictures and documents, drawn from fixed seeds: the same bytes everywhere.

Covers are a gradient with translucent shapes (Pillow), article attachments and the
magazine PDFs are pages of grey lines (Pillow's PDF writer), submissions carry a tiny
hand-written PDF, the WeChat QR code is made by segno.
"""

import io
import random

import segno
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

PALETTES = [
    ((11, 61, 145), (64, 140, 200)),
    ((20, 90, 90), (110, 180, 150)),
    ((120, 30, 40), (220, 120, 80)),
    ((40, 50, 100), (150, 110, 190)),
    ((30, 80, 50), (180, 200, 110)),
]


def cover(seed: int, size=(1200, 500)) -> ContentFile:
    """A calm abstract cover: a two-colour gradient with a few translucent shapes."""
    rnd = random.Random(seed)
    top, bottom = PALETTES[seed % len(PALETTES)]
    w, h = size
    gradient = Image.linear_gradient("L").resize((w, h))
    image = Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), gradient)
    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for _ in range(6):
        x, y, r = rnd.randint(0, w), rnd.randint(0, h), rnd.randint(h // 6, h // 2)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, 255, rnd.randint(18, 48)))
    # a skyline of simple blocks: the zone's factories and towers
    x = 0
    while x < w:
        bw, bh = rnd.randint(40, 110), rnd.randint(h // 8, h // 2)
        draw.rectangle((x, h - bh, x + bw, h), fill=(255, 255, 255, rnd.randint(40, 80)))
        x += bw + rnd.randint(4, 20)
    image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82)
    return ContentFile(out.getvalue(), name="cover.jpg")


def document_pdf(title_lines: int, seed: int) -> ContentFile:
    """A small real PDF (two pages drawn with Pillow)."""
    rnd = random.Random(seed)
    pages = []
    for _ in range(2):
        page = Image.new("RGB", (595, 842), "white")
        draw = ImageDraw.Draw(page)
        draw.rectangle((40, 40, 555, 90), fill=(11, 61, 145))
        y = 120
        for _ in range(title_lines + 18):
            draw.rectangle((60, y, 60 + rnd.randint(250, 470), y + 8), fill=(200, 204, 210))
            y += 30
        pages.append(page)
    out = io.BytesIO()
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=72)
    return ContentFile(out.getvalue(), name="document.pdf")


def demo_pdf(title: str) -> bytes:
    """A tiny valid one-page PDF (ASCII text only: no fonts to embed)."""
    text = title.encode("ascii", "replace").decode()
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def qr_png(data: str) -> ContentFile:
    out = io.BytesIO()
    segno.make(data, error="m").save(out, kind="png", scale=6, border=2)
    return ContentFile(out.getvalue(), name="wechat-qr.png")
