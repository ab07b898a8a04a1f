"""Old addresses of a migrated site answer 301 to their new place (redirects app)."""

import io

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from news.models import Article, Section
from redirects.models import Redirect

pytestmark = pytest.mark.django_db

ADD = reverse("admin:redirects_redirect_add")


def add_in_admin(client, **data):
    form = {"old_address": "", "new_url": "", "note": "", **data}
    return client.post(ADD, form)


def test_old_dynamic_address_redirects_whatever_the_parameter_order(publisher, client, reader):
    client.force_login(publisher)
    response = add_in_admin(client, old_address="/show.php?id=123&page=2", new_url="/news/")
    assert response.status_code == 302, response.content.decode()

    for address in ("/show.php?id=123&page=2", "/show.php?page=2&id=123&utm_source=wx"):
        response = reader.get(address)
        assert response.status_code == 301
        assert response["Location"] == "/news/"
    assert reader.get("/show.php?id=124&page=2").status_code == 404
    assert reader.get("/show.php?id=123").status_code == 404  # page=2 is part of the address
    assert Redirect.objects.get().hits == 2


def test_a_full_old_url_is_stored_as_its_path_and_the_most_specific_redirect_wins(reader):
    Redirect.objects.create(old_address="http://old.example.org/list.asp", new_url="/news/")
    Redirect.objects.create(old_address="/list.asp?cat=5", new_url="/notices/")
    assert Redirect.objects.filter(old_address="/list.asp").exists()
    assert reader.get("/list.asp?cat=5")["Location"] == "/notices/"
    assert reader.get("/list.asp?cat=6")["Location"] == "/news/"
    assert reader.get("/list.asp/")["Location"] == "/news/"  # with or without the slash


def test_chinese_and_percent_encoded_paths_are_the_same_address(reader):
    Redirect.objects.create(old_address="/关于我们.html", new_url="/about/")
    assert reader.get("/%E5%85%B3%E4%BA%8E%E6%88%91%E4%BB%AC.html")["Location"] == "/about/"


def test_a_cached_404_does_not_hide_a_new_redirect(publisher, client, reader):
    missing = "/news/article/987654/"  # an article page: the page cache sees it
    assert reader.get(missing).status_code == 404
    assert reader.get(missing).status_code == 404
    client.force_login(publisher)
    assert add_in_admin(client, old_address=missing, new_url="/news/").status_code == 302

    response = reader.get(missing)
    assert response.status_code == 301
    assert response["Location"] == "/news/"


def test_a_redirect_never_hides_a_page_of_the_portal(reader):
    Redirect.objects.create(old_address="/news/", new_url="/messages/")
    assert reader.get("/news/").status_code == 200


def test_only_reads_are_redirected(reader):
    Redirect.objects.create(old_address="/guestbook.php", new_url="/messages/")
    assert reader.post("/guestbook.php", {"text": "你好"}).status_code == 404


def test_an_empty_new_address_says_the_page_is_gone_for_good(reader):
    Redirect.objects.create(old_address="/old/expo-2009.html", new_url="")
    response = reader.get("/old/expo-2009.html")
    assert response.status_code == 410
    assert "页面" in response.content.decode()  # the site's own not-found page


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("https://evil.example/login", "新地址指向其他网站"),
        ("//evil.example/login", "新地址须是本站路径"),
        ("/\\evil.example/login", "不能包含空格、反斜杠或控制字符"),
        ("news/", "新地址须是本站路径"),
        ("/show.php?id=1", "循环跳转"),
    ],
)
def test_a_target_off_the_site_is_refused_unless_marked_external(
    publisher, client, target, message
):
    client.force_login(publisher)
    response = add_in_admin(client, old_address="/show.php?id=1", new_url=target)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Redirect.objects.exists()


def test_an_external_target_must_be_a_web_address(publisher, client, reader):
    client.force_login(publisher)
    response = add_in_admin(
        client, old_address="/x", new_url="javascript:alert(1)", is_external="on"
    )
    assert "站外地址须是以 http:// 或 https:// 开头的完整网址" in response.content.decode()
    assert not Redirect.objects.exists()

    response = add_in_admin(
        client, old_address="/x", new_url="https://www.example.gov.cn/", is_external="on"
    )
    assert response.status_code == 302
    assert reader.get("/x")["Location"] == "https://www.example.gov.cn/"


def test_an_own_full_url_is_kept_as_a_path(publisher, client):
    client.force_login(publisher)
    add_in_admin(client, old_address="/x", new_url="http://testserver/news/?page=2")
    assert Redirect.objects.get().new_url == "/news/?page=2"


def test_the_database_refuses_an_off_site_target_not_marked_external():
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        with pytest.raises(IntegrityError), transaction.atomic():
            Redirect.objects.create(old_address="/a", new_url=target)


def test_editors_cannot_see_or_add_redirects(editor, client):
    client.force_login(editor)
    assert client.get(reverse("admin:redirects_redirect_changelist")).status_code == 403
    assert add_in_admin(client, old_address="/x", new_url="/news/").status_code == 403
    assert client.get(reverse("admin:redirects_redirect_import")).status_code == 403
    assert not Redirect.objects.exists()


def to_csv(rows, *, encoding="utf-8-sig") -> io.BytesIO:
    text = "旧地址,新地址,站外地址,备注\n" + "".join(",".join(row) + "\n" for row in rows)
    upload = io.BytesIO(text.encode(encoding))
    upload.name = "redirects.csv"
    return upload


def preview(client, rows, **kwargs):
    return client.post(
        reverse("admin:redirects_redirect_import"),
        {"resource": 0, "format": 1, "import_file": to_csv(rows, **kwargs)},
    )


def confirm(client, response):
    return client.post(
        reverse("admin:redirects_redirect_process_import"),
        response.context["confirm_form"].initial,
        follow=True,
    )


def test_csv_import_adds_then_updates_redirects(publisher, client, reader):
    client.force_login(publisher)
    rows = [
        ["/show.php?id=1", "/news/", "否", "旧新闻"],
        ["/show.php?page=3&id=2", "/messages/", "", ""],
        ["/partner.html", "https://www.example.gov.cn/", "是", "合作单位"],
    ]
    response = preview(client, rows)
    assert response.status_code == 200
    assert not Redirect.objects.exists()  # a preview stores nothing
    confirm(client, response)
    assert Redirect.objects.count() == 3
    assert reader.get("/show.php?id=2&page=3")["Location"] == "/messages/"
    assert reader.get("/partner.html")["Location"] == "https://www.example.gov.cn/"

    # The same old address in another parameter order updates its row.
    response = preview(client, [["/show.php?id=2&page=3", "/events/", "否", ""]])
    confirm(client, response)
    assert Redirect.objects.count() == 3
    assert reader.get("/show.php?id=2&page=3")["Location"] == "/events/"


def test_one_bad_row_imports_nothing_and_says_why_in_chinese(publisher, client):
    client.force_login(publisher)
    rows = [
        ["/a.html", "/news/", "否", ""],
        ["/b.html", "https://evil.example/", "否", ""],
    ]
    response = preview(client, rows)
    html = response.content.decode()
    assert "新地址指向其他网站" in html
    assert response.context.get("confirm_form") is None
    assert not Redirect.objects.exists()


@pytest.mark.parametrize(
    "target", ["/news/no-such-section/", "/articles/999999/", "/no/such/page/", "/media/none.pdf"]
)
def test_a_local_target_that_answers_404_is_refused_in_chinese(publisher, client, target):
    client.force_login(publisher)
    response = add_in_admin(client, old_address="/show.php?id=9", new_url=target)
    assert response.status_code == 200
    assert "本站没有" in response.content.decode() and "这个页面" in response.content.decode()
    assert not Redirect.objects.exists()


def test_a_local_target_that_exists_is_accepted(publisher, client):
    section = Section.objects.create(name="协会动态", slug="association")
    article = Article.objects.create(
        title="年会召开", section=section, body="<p>正文。</p>", status=Article.Status.PUBLISHED
    )
    client.force_login(publisher)
    url = article.get_absolute_url()
    assert add_in_admin(client, old_address="/show.php?id=9", new_url=url).status_code == 302
    assert Redirect.objects.get().new_url == url


def test_the_help_text_example_is_a_real_address_form():
    help_text = str(Redirect._meta.get_field("new_url").help_text)
    assert "/articles/12/" in help_text and "/news/article/" not in help_text
