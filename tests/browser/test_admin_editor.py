"""An editor logs into the admin and edits a page with CKEditor 5."""

import pytest

from portal.models import Page

pytestmark = pytest.mark.django_db(transaction=True)


def test_superuser_edits_a_page_in_ckeditor5(
    page, superuser, make_page, admin_login, png_bytes, tmp_path
):
    target = make_page(title="协会服务", slug="services", body="<p>旧内容</p>")
    admin_login(page, "boss")
    page.goto(f"/admin/portal/page/{target.pk}/change/")
    editable = page.locator(".ck-editor__editable").first
    editable.wait_for()
    assert page.locator(".ck-toolbar").first.get_attribute("aria-label")  # the UI is built
    editable.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("协会提供培训服务")
    page.keyboard.press("Control+A")
    page.keyboard.press("Control+B")
    image = tmp_path / "photo.png"
    image.write_bytes(png_bytes(size=(120, 80)))
    page.keyboard.press("End")
    page.locator(".ck-file-dialog-button input[type=file], input[type=file]").first.set_input_files(
        str(image)
    )
    page.locator(".ck-editor__editable img").first.wait_for()
    page.locator("input[name=_save]").last.click()
    page.wait_for_url("**/admin/portal/page/")
    target.refresh_from_db()
    assert "<strong>协会提供培训服务</strong>" in target.body
    assert '<img src="/media/editor/' in target.body
    page.goto("/pages/services/")
    assert page.locator(".article-body strong").inner_text() == "协会提供培训服务"


def test_reader_sees_chinese_ckeditor_ui(page, superuser, admin_login):
    admin_login(page, "boss")
    page.goto("/admin/portal/page/add/")
    page.locator(".ck-editor__editable").first.wait_for()
    labels = page.locator(".ck-toolbar button .ck-tooltip, .ck-toolbar [data-cke-tooltip-text]")
    tooltips = page.eval_on_selector_all(
        ".ck-toolbar [data-cke-tooltip-text]", "els => els.map(e => e.dataset.ckeTooltipText)"
    )
    assert labels is not None
    assert any("加粗" in t for t in tooltips), tooltips
    assert Page.objects.count() == 0
