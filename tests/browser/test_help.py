"""使用帮助: an editor and a publisher each click it on the admin index and read the
Chinese manual inside the admin, on a desktop and on a phone, axe-clean and without
sideways scrolling on the phone."""

import re
from pathlib import Path

import pytest

from portal.help import MANUAL

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
HEADINGS = re.findall(r"^## (.+)$", MANUAL.read_text(encoding="utf-8"), re.M)


@pytest.mark.parametrize("role", ["editor", "publisher"])
def test_both_roles_open_the_manual_from_the_admin_index(
    role, request, page, phone_page, admin_login, assert_accessible
):
    request.getfixturevalue(role)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for tab, width in ((page, 1280), (phone_page, 390)):
        tab.set_viewport_size({"width": width, "height": 900 if width > 400 else 844})
        admin_login(tab, role)
        tab.get_by_role("link", name="使用帮助").click()
        tab.wait_for_url("**/admin/help/")
        assert tab.get_by_role("heading", level=1).inner_text() == "编辑手册"
        shown = tab.get_by_role("heading", level=2).all_inner_texts()
        assert shown == HEADINGS
        assert tab.evaluate("document.documentElement.scrollWidth") <= width
        tab.screenshot(path=str(SHOTS / f"help-{role}-{width}.png"), full_page=True)
        assert_accessible(tab)
