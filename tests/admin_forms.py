"""Read an admin page's form as a browser would submit it, so a test can change one
field or inline row and post the rest unchanged; `read_form` also tells what else the
page offers (every checkbox, the options of each select, what is required or disabled),
for tests that post what a browser would not."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    data: dict[str, list[str]] = field(default_factory=dict)
    """What a browser submits: disabled and unticked controls are left out."""
    kinds: dict[str, str] = field(default_factory=dict)
    """Every named control: its input type, or "select" / "textarea"."""
    options: dict[str, list[str]] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)
    disabled: set[str] = field(default_factory=set)


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.form = Form()
        self._select: str | None = None
        self._select_disabled = False
        self._textarea: str | None = None
        self._textarea_disabled = False
        self._text: list[str] = []

    def _control(self, name, kind, attrs) -> bool:
        """Records a control; False when a browser would not submit it."""
        if not name or "__prefix__" in name:
            return False
        self.form.kinds.setdefault(name, kind)
        if "required" in attrs:
            self.form.required.add(name)
        if "disabled" in attrs:
            self.form.disabled.add(name)
            return False
        return True

    def _add(self, name, value):
        self.form.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if not self._control(name, kind, a):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._add(name, a.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select":
            self._select_disabled = not self._control(name, "select", a)
            self._select = name if name and "__prefix__" not in name else None
            if self._select:
                self.form.options.setdefault(self._select, [])
        elif tag == "option" and self._select:
            self.form.options[self._select].append(a.get("value", ""))
            if "selected" in a and not self._select_disabled:
                self._add(self._select, a.get("value", ""))
        elif tag == "textarea":
            self._textarea_disabled = not self._control(name, "textarea", a)
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            if not self._textarea_disabled:
                self._add(self._textarea, "".join(self._text).lstrip("\n"))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def read_form(html: str) -> Form:
    """Every control of the page's forms."""
    parser = _FormParser()
    parser.feed(html)
    return parser.form


def form_data(html: str) -> dict[str, list[str]]:
    """Every field of the page's forms, as lists of values (Django's test client posts
    a list as repeated values)."""
    return read_form(html).data


def change(client, url: str, **fields) -> object:
    """Post the admin form at `url` with `fields` replaced (a value or a list)."""
    data = form_data(client.get(url).content.decode())
    data.pop("csrfmiddlewaretoken", None)
    for name, value in fields.items():
        data[name] = value if isinstance(value, list) else [value]
    data["_save"] = ["保存"]
    return client.post(url, data)


def logged_in(user):
    """A test client of its own, logged in as `user` (several staff in one test)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def list_action(client, url: str, action: str, pks, **fields):
    """Run `action` on the rows `pks` from the change list at `url` as a browser does:
    with the versions the list showed (the 审核版本 column's hidden fields, which
    通过并发布 checks; `editorial.review`)."""
    from editorial.review import SEEN

    page = form_data(client.get(url).content.decode())
    data = {name: value for name, value in page.items() if name.startswith(SEEN)}
    data.update(action=action, _selected_action=[str(pk) for pk in pks], index="0", **fields)
    return client.post(url, data, follow=True)
