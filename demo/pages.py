"""Site settings (contact details, record numbers, WeChat QR) and the association pages.

Texts: demo/pages.json.
"""

from demo.data import html, read
from demo.pictures import qr_png
from portal.models import Page, SiteSettings


def load(stdout) -> None:
    content = read("pages")
    site = SiteSettings.load()
    if not site.contact_address:
        for field, value in content["site"].items():
            setattr(site, field, value)
        site.wechat_qr = qr_png(content["wechat_qr_url"])
        site.save()
    created = 0
    for page in content["pages"]:
        defaults = {**page, "body": html(page["body"])}
        _, was_created = Page.objects.get_or_create(slug=page["slug"], defaults=defaults)
        created += was_created
    stdout.write(f"站点设置与单页：新建 {created} 个单页。")
