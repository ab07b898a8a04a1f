"""Site settings (contact details, record numbers, WeChat QR) and the association pages.

Texts: demo/pages.json.
"""

from demo.data import html, read
from demo.pictures import qr_png
from portal.initial import PLACEHOLDER
from portal.models import Page, SiteSettings


def load(stdout) -> None:
    content = read("pages")
    site = SiteSettings.load()
    if not site.contact_address:
        for field, value in content["site"].items():
            setattr(site, field, value)
        site.wechat_qr = qr_png(content["wechat_qr_url"])
        site.save()
    written = 0
    for page in content["pages"]:
        values = {**page, "body": html(page["body"])}
        row, created = Page.objects.get_or_create(slug=page["slug"], defaults=values)
        filled = not created and PLACEHOLDER in row.body  # as init_site left it
        if filled:
            for field, value in values.items():
                setattr(row, field, value)
            row.save()
        written += created or filled
    stdout.write(f"站点设置与单页：写入 {written} 个单页。")
