"""The 会员证书 as a PDF (fpdf2): the member's name, number and dates, and a QR code of
its public check page (/member/verify/<token>/).

Chinese needs a CJK font in the file: Noto Sans CJK from Debian's fonts-noto-cjk
(`scripts/ensure_cjk_font.sh` installs it; settings.CERTIFICATE_FONT names the file).
fpdf2 embeds only the glyphs used. Reading the font collection is slow, so a finished
certificate is kept in the cache, keyed on everything it shows.
"""

import hashlib
import io

from django.conf import settings
from django.core.cache import cache
from fpdf import FPDF

from membership.models import Member
from publicforms.qrcodes import qr_png

BRAND = (11, 61, 145)


def _key(member: Member, site_name: str, verify_url: str) -> str:
    shown = "|".join(
        [site_name, member.name, member.number, str(member.since), str(member.valid_until)]
    )
    digest = hashlib.sha256(f"{shown}|{verify_url}".encode()).hexdigest()[:32]
    return f"membership:certificate:{member.pk}:{digest}"


def certificate_pdf(member: Member, *, site_name: str, verify_url: str) -> bytes:
    key = _key(member, site_name, verify_url)
    pdf = cache.get(key)
    if pdf is None:
        pdf = _draw(member, site_name=site_name, verify_url=verify_url)
        cache.set(key, pdf, 30 * 86400)
    return pdf


def _draw(member: Member, *, site_name: str, verify_url: str) -> bytes:
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_title(f"会员证书 {member.number}")
    pdf.add_page()
    pdf.add_font("cjk", fname=settings.CERTIFICATE_FONT, collection_font_number=2)
    pdf.set_draw_color(*BRAND)
    pdf.set_line_width(1.5)
    pdf.rect(10, 10, 277, 190)
    pdf.set_text_color(*BRAND)
    pdf.set_font("cjk", size=34)
    pdf.set_xy(10, 32)
    pdf.cell(277, 16, text="会员证书", align="C")
    pdf.set_text_color(20, 20, 20)
    pdf.set_font("cjk", size=20)
    pdf.set_xy(10, 66)
    pdf.cell(277, 12, text=member.name, align="C")
    pdf.set_font("cjk", size=14)
    lines = [
        f"为{site_name}会员单位。",
        f"会员编号：{member.number}",
        f"入会日期：{member.since:%Y年%m月%d日}",
        f"有效期至：{member.valid_until:%Y年%m月%d日}",
    ]
    for i, line in enumerate(lines):
        pdf.set_xy(40, 92 + i * 12)
        pdf.cell(160, 10, text=line)
    pdf.image(io.BytesIO(qr_png(verify_url, scale=6)), x=215, y=110, w=50, h=50)
    pdf.set_font("cjk", size=10)
    pdf.set_xy(200, 162)
    pdf.cell(80, 8, text="扫码核验会籍是否有效", align="C")
    pdf.set_xy(10, 182)
    pdf.cell(277, 8, text=site_name, align="C")
    return bytes(pdf.output())
