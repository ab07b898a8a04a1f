"""A contributor's PDF travels all the way: 投稿 → 采用为草稿文章 → 发布 → a reader downloads it."""

import pytest
from playwright.sync_api import expect

from associations.models import Zone
from demo.pictures import demo_pdf
from news.models import Article, Section
from submissions.models import Submission

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("captcha_and_mailbox"),
]


def test_submitted_pdf_becomes_a_published_article_attachment(
    page, staff_page, publisher, admin_login, assert_accessible, tmp_path
):
    news = Section.objects.create(name="资讯中心", slug="news", show_in_nav=True)
    Section.objects.create(name="协会动态", slug="association", parent=news)
    cases = Section.objects.create(name="园区案例", slug="cases", show_in_nav=True)
    zone = Zone.objects.create(
        name="滨江经济技术开发区",
        province="浙江省",
        city="杭州市",
        level=Zone.Level.NATIONAL,
        zone_type=Zone.Type.ECONOMIC,
    )

    pdf = tmp_path / "园区更新案例汇编.pdf"
    pdf.write_bytes(demo_pdf("Case studies"))
    page.goto("/contribute/")
    page.get_by_label("标题").fill("老工业园区更新的三个案例")
    page.get_by_label("作者").fill("林海")
    page.get_by_label("单位").fill("某国家级经开区规划建设局")
    page.get_by_label("电子邮箱").fill("linhai@example.org")
    page.get_by_label("建议栏目").select_option(label="园区案例")
    page.get_by_label("正文").fill("园区更新从摸清家底开始。\n<script>window.__xss=1</script>")
    page.get_by_label("附件").set_input_files(str(pdf))
    page.get_by_label("我已阅读并同意《投稿须知》", exact=False).check()
    page.get_by_label("验证码").fill("PASSED")
    page.get_by_role("button", name="提交投稿").click()
    page.wait_for_url("**/contribute/done/")

    # a publisher (审核发布) accepts it into a draft article from the submission's page
    admin_login(staff_page, "publisher")
    staff_page.get_by_role("link", name="待审稿件").first.click()
    staff_page.get_by_role("link", name="老工业园区更新的三个案例").click()
    staff_page.get_by_role("link", name="采用为草稿文章").click()
    section = staff_page.get_by_label("放入栏目")
    expect(section).to_have_value(str(cases.pk))  # 经验交流 → 园区案例
    expect(staff_page.locator("#content-main")).to_contain_text("园区更新案例汇编.pdf")
    staff_page.get_by_role("button", name="采用并转为草稿文章").click()
    staff_page.wait_for_url("**/admin/news/article/*/change/")
    expect(staff_page.locator(".messagelist .success")).to_contain_text("已将投稿转为草稿文章")
    expect(staff_page.locator("#id_title")).to_have_value("老工业园区更新的三个案例")
    expect(staff_page.locator("#id_source")).to_have_value("某国家级经开区规划建设局")
    expect(staff_page.locator("#id_attachments-0-title")).to_have_value("园区更新案例汇编")
    expect(staff_page.locator(".field-origins")).to_contain_text("老工业园区更新的三个案例")

    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    submission = Submission.objects.get()
    assert submission.article == article and submission.status == Submission.Status.ACCEPTED
    page.goto(f"/articles/{article.pk}/")
    assert page.title() and "老工业园区更新的三个案例" not in page.locator("body").inner_text()

    # the publisher links it to a zone (autocomplete) and publishes it
    staff_page.locator("#id_zones + .select2 .select2-selection").click()
    staff_page.locator(".select2-container--open .select2-search__field").fill("滨江")
    staff_page.locator(".select2-results__option", has_text="滨江经济技术开发区").click()
    staff_page.select_option("#id_status", "published")
    staff_page.locator("input[name=_save]").last.click()
    staff_page.wait_for_url("**/admin/news/article/")
    article.refresh_from_db()
    assert article.is_visible and list(article.zones.all()) == [zone]

    # a reader reads it and downloads the attachment
    page.goto("/news/cases/")
    page.get_by_role("link", name="老工业园区更新的三个案例").click()
    page.wait_for_url(f"**/articles/{article.pk}/")
    expect(page.locator(".article-meta")).to_contain_text("来源：某国家级经开区规划建设局")
    body = page.locator(".article-body")
    expect(body).to_contain_text("园区更新从摸清家底开始。")
    expect(body).to_contain_text("<script>window.__xss=1</script>")
    assert page.evaluate("window.__xss") is None
    link = page.locator(".attachments a", has_text="园区更新案例汇编")
    with page.expect_download() as download_info:
        link.click()
    with open(download_info.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert_accessible(page)

    # the zone's page lists it under 相关资讯, and the article links back to the zone
    page.get_by_role("link", name="滨江经济技术开发区").click()
    page.wait_for_url(f"**/zones/{zone.pk}/")
    related = page.locator(".dir-related")
    expect(related).to_contain_text("老工业园区更新的三个案例")
    assert_accessible(page)
