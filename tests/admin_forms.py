"""Read an admin change page's form as a browser would submit it, so a test can change
one field or inline row and post the rest unchanged."""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def _add(self, name, value):
        if name and "__prefix__" not in name:
            self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._add(name, a.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self._add(self._select, a.get("value", ""))
        elif tag == "textarea":
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self._add(self._textarea, "".join(self._text).lstrip("\n"))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def form_data(html: str) -> dict[str, list[str]]:
    """Every field of the page's forms, as lists of values (Django's test client posts
    a list as repeated values)."""
    parser = _FormParser()
    parser.feed(html)
    return parser.data


def change(client, url: str, **fields) -> object:
    """Post the admin form at `url` with `fields` replaced (a value or a list)."""
    data = form_data(client.get(url).content.decode())
    data.pop("csrfmiddlewaretoken", None)
    for name, value in fields.items():
        data[name] = value if isinstance(value, list) else [value]
    data["_save"] = ["保存"]
    return client.post(url, data)
