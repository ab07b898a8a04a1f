"""What an editor formats in CKEditor is what readers see: a pasted table with shaded
cells and centred red text survives saving and shows on the article page, without a
style attribute the reader CSP would refuse."""

import re

import pytest
from django.urls import reverse

from news.models import Article
from tests.news.test_admin import _form

pytestmark = pytest.mark.django_db

PASTED = (
    '<figure class="table"><table><tbody><tr>'
    '<td style="background-color:#D9E2F3;text-align:center"><p style="text-align:center">'
    '<span style="color:#FF0000;font-size:14pt">重点项目</span></p></td>'
    '<td style="background:#FFF2CC">签约额</td></tr></tbody></table></figure>'
)


def test_a_pasted_shaded_table_with_centred_red_text_survives_save_and_shows(
    superuser_client, client, section
):
    response = superuser_client.post(
        reverse("admin:news_article_add"), _form(section, title="招商成果", body=PASTED)
    )
    assert response.status_code == 302
    article = Article.objects.get(title="招商成果")
    page = client.get(article.get_absolute_url())
    html = page.content.decode()
    body = html[html.index('class="article-body rich-text"') :]
    assert '<td class="bg-dark-blue align-center">' in body
    assert '<p class="align-center"><span class="color-red">重点项目</span></p>' in body
    assert '<td class="bg-yellow">签约额</td>' in body
    assert not re.search(r"<[^<>]+ style=", body.split("</article>")[0])
    assert "style-src 'self'" in page["Content-Security-Policy"]

    # The editor shows it again as it was, and saving unchanged keeps it.
    edit = superuser_client.get(reverse("admin:news_article_change", args=[article.pk]))
    assert "background-color:#d9e2f3;text-align:center" in edit.content.decode()
    assert "color:#ff0000" in edit.content.decode()


def test_the_paste_check_tells_staff_what_saving_removes(superuser_client):
    response = superuser_client.post(reverse("portal:editor_check"), {"html": PASTED})
    assert response.status_code == 200
    assert response.json() == {"removed": ["字号"]}


def test_the_paste_check_is_for_staff_only(client):
    response = client.post(reverse("portal:editor_check"), {"html": PASTED})
    assert response.status_code == 403
