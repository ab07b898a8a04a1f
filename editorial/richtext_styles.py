"""The editor's formatting as classes: reader pages forbid style attributes (CSP), so the
colours, borders, widths and alignment an editor chooses are kept as classes from fixed
palettes (`style_classes`), and turned back into styles for the editor (`editor_html`)."""

import re

STYLED = ("p", "h2", "h3", "h4", "h5", "h6", "div", "li", "td", "th", "blockquote")
STYLED += ("span", "table", "figure", "img")

# The reviewed formatting. Reader pages refuse style attributes (CSP), so each value an
# editor may choose is a class that site.css styles; the editor's toolbar offers exactly
# these (settings.CKEDITOR_5_CONFIGS), and `editor_html` turns the classes back into the
# styles CKEditor reads. Text colours: the ten "standard colours" of Word and WPS.
TEXT_COLORS = {
    "dark-red": ("#c00000", "深红"),
    "red": ("#ff0000", "红色"),
    "orange": ("#ffc000", "橙色"),
    "yellow": ("#ffff00", "黄色"),
    "light-green": ("#92d050", "浅绿"),
    "green": ("#00b050", "绿色"),
    "light-blue": ("#00b0f0", "浅蓝"),
    "blue": ("#0070c0", "蓝色"),
    "dark-blue": ("#002060", "深蓝"),
    "purple": ("#7030a0", "紫色"),
}
# Shading of cells, tables and text: Word's light theme tints and the highlighter yellow.
BACKGROUNDS = {
    "gray": ("#f2f2f2", "浅灰"),
    "dark-gray": ("#d9d9d9", "灰色"),
    "blue": ("#deeaf6", "浅蓝"),
    "dark-blue": ("#d9e2f3", "淡蓝"),
    "green": ("#e2efd9", "浅绿"),
    "orange": ("#fbe4d5", "浅橙"),
    "yellow": ("#fff2cc", "浅黄"),
    "highlight": ("#ffff00", "黄色"),
}
# Border colours: the page's line, grey, black and the text colours.
# "line" is the reader page's own cell border (site.css --line), the editor's default.
BORDER_COLORS = {
    "line": ("#e3e6eb", "浅灰"),
    "gray": ("#bfbfbf", "灰色"),
    "black": ("#000000", "黑色"),
    **TEXT_COLORS,
}
BORDER_STYLES = ("solid", "dashed", "dotted", "double")
BORDER_WIDTHS = (1, 2, 3)  # px
WIDTHS = tuple(range(10, 101, 5))  # % of an image or a table, rounded to these
_ALIGNABLE = {"p", "h2", "h3", "h4", "h5", "h6", "div", "li", "td", "th", "blockquote"}
_CELLS = {"td", "th"}

_palette_re = "|".join
# Editor classes we style; anything else (pasted Word classes) is dropped.
CLASS_RE = re.compile(
    r"^(image|image-style-[a-z-]+|image_resized|table|media|media-frame|text-(?:tiny|small|big|huge)|"
    r"ck-[a-z-]+|align-(?:left|right|center|justify)|valign-(?:top|middle|bottom)|"
    rf"color-(?:{_palette_re(TEXT_COLORS)})|bg-(?:{_palette_re(BACKGROUNDS)})|"
    rf"border-(?:none|{_palette_re(BORDER_STYLES)})|border-w[123]|"
    rf"border-c-(?:{_palette_re(BORDER_COLORS)})|w-(?:{_palette_re(map(str, WIDTHS))}))$"
)


def _hex_to_name(palette: dict) -> dict[str, str]:
    return {value: name for name, (value, _label) in palette.items()}


_TEXT_COLOR_NAMES = _hex_to_name(TEXT_COLORS)
_BACKGROUND_NAMES = _hex_to_name(BACKGROUNDS)
_BORDER_COLOR_NAMES = _hex_to_name(BORDER_COLORS)
# The CSS and Word names that equal a palette value.
_NAMED = {"red": "#ff0000", "yellow": "#ffff00", "black": "#000000", "windowtext": "#000000"}
_HEX_RE = re.compile(r"^#([0-9a-f]{3}|[0-9a-f]{6})$")
_RGB_RE = re.compile(r"^rgb\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)$")
_LENGTH_RE = re.compile(r"^(\d+(?:\.\d+)?)(px|pt)$")
_PERCENT_RE = re.compile(r"^(\d+(?:\.\d+)?)%$")
# Values a declaration may have at all: plain words, numbers, colours. Everything with
# brackets other than rgb(), quotes, escapes or comments (url(), expression(), var(),
# "\65 xpression", /* */) is refused before any property is looked at.
_SAFE_VALUE_RE = re.compile(r"^(?:[a-z0-9#.%\s-]+|rgb\([\d\s,]+\))+$")


def to_hex(value: str) -> str | None:
    """`value` as #rrggbb, or None when it is not a plain colour."""
    value = _NAMED.get(value, value)
    if match := _HEX_RE.match(value):
        digits = match[1]
        return "#" + (digits if len(digits) == 6 else "".join(c * 2 for c in digits))
    if match := _RGB_RE.match(value):
        parts = [int(p) for p in match.groups()]
        if all(p <= 255 for p in parts):
            return "#" + "".join(f"{p:02x}" for p in parts)
    return None


def declarations(style: str) -> list[tuple[str, str]]:
    """(property, value) pairs of a style attribute, lower-cased; unsafe ones dropped
    with everything else that is not a `name: value` pair."""
    pairs = []
    for part in style.split(";"):
        name, colon, value = part.partition(":")
        name, value = name.strip().lower(), value.strip().lower()
        if colon and re.fullmatch(r"[a-z-]+", name):
            pairs.append((name, value))
    return pairs


def _border_classes(value: str) -> list[str] | None:
    """Classes for a `border` shorthand (width, style, colour in any order)."""
    if value in ("none", "0", "0px", "hidden"):
        return ["border-none"]
    classes = []
    for word in re.findall(r"rgb\([^)]*\)|\S+", value):
        if word in BORDER_STYLES:
            classes.append(f"border-{word}")
        elif (width := _border_width(word)) is not None:
            classes.append(f"border-w{width}")
        elif (name := _BORDER_COLOR_NAMES.get(to_hex(word) or "")) is not None:
            classes.append(f"border-c-{name}")
        else:
            return None
    return classes or None


def _border_width(value: str) -> int | None:
    """1–3 px; Word's point widths (0.5pt, 1pt, 1.5pt, 2.25pt) round to these."""
    if value in ("thin", "medium"):
        return 1 if value == "thin" else 2
    if not (match := _LENGTH_RE.match(value)):
        return None
    px = float(match[1]) * (4 / 3 if match[2] == "pt" else 1)
    width = max(1, round(px))
    return width if width in BORDER_WIDTHS else None


def _width_class(value: str) -> str | None:
    if not (match := _PERCENT_RE.match(value)):
        return None
    percent = min(100, max(10, 5 * round(float(match[1]) / 5)))
    return f"w-{percent}"


def _declaration_classes(tag: str, name: str, value: str) -> list[str] | None:
    """The classes that carry one declaration on `tag`, or None when it is refused."""
    if not _SAFE_VALUE_RE.match(value):
        return None
    if name == "text-align" and tag in _ALIGNABLE:
        if value in ("left", "right", "center", "justify"):
            return [f"align-{value}"]
        return None
    if name == "vertical-align" and tag in _CELLS and value in ("top", "middle", "bottom"):
        return [f"valign-{value}"]
    if name == "color" and tag == "span":
        colour = _TEXT_COLOR_NAMES.get(to_hex(value) or "")
        return [f"color-{colour}"] if colour else None
    if name in ("background-color", "background") and tag in {"span", "table", *_CELLS}:
        shade = _BACKGROUND_NAMES.get(to_hex(value) or "")
        return [f"bg-{shade}"] if shade else None
    if name == "width" and tag in ("figure", "img"):
        width = _width_class(value)
        return [width] if width else None
    if tag in {"table", *_CELLS}:
        if name == "border":
            return _border_classes(value)
        if name in ("border-style", "border-width", "border-color") and " " not in value:
            return _border_classes(value)
    return None


# Declarations that change nothing a reader would miss: dropped without a word.
_SILENT = {
    ("aspect-ratio", None),
    ("color", "#000000"),
    ("background-color", "#ffffff"),
    ("background", "#ffffff"),
    ("background-color", "transparent"),
    ("background", "transparent"),
}


def style_classes(tag: str, style: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The classes that carry `style` on `tag`, and the declarations refused.

    A border given for all four sides alike (`border-top`, … as Word writes it) counts
    as one `border`; different sides are refused."""
    classes: list[str] = []
    refused: list[tuple[str, str]] = []
    pairs = declarations(style)
    sides = {
        n: v
        for n, v in pairs
        if n in ("border-top", "border-right", "border-bottom", "border-left")
    }
    if len(sides) == 4 and len(set(sides.values())) == 1:
        pairs = [(n, v) for n, v in pairs if n not in sides] + [
            ("border", next(iter(sides.values())))
        ]
    for name, value in pairs:
        found = _declaration_classes(tag, name, value)
        if found is not None:
            classes.extend(c for c in found if c not in classes)
        elif (name, None) not in _SILENT and (name, to_hex(value) or value) not in _SILENT:
            refused.append((name, value))
    return classes, refused


_STYLE_OF_CLASS = [
    (re.compile(r"^color-(.+)$"), lambda m: f"color:{TEXT_COLORS[m[1]][0]}"),
    (re.compile(r"^bg-(.+)$"), lambda m: f"background-color:{BACKGROUNDS[m[1]][0]}"),
    (re.compile(r"^w-(\d+)$"), lambda m: f"width:{m[1]}%"),
    (re.compile(r"^valign-(.+)$"), lambda m: f"vertical-align:{m[1]}"),
    (re.compile(r"^border-none$"), lambda m: "border-style:none"),
    (re.compile(r"^border-w(\d)$"), lambda m: f"border-width:{m[1]}px"),
    (re.compile(r"^border-c-(.+)$"), lambda m: f"border-color:{BORDER_COLORS[m[1]][0]}"),
    (re.compile(r"^border-([a-z]+)$"), lambda m: f"border-style:{m[1]}"),
]
_TAG_WITHCLASS_RE = re.compile(r'<([a-z0-9]+)((?: [a-z-]+="[^"]*")*?) class="([^"]*)"')


def _class_to_style(match: re.Match) -> str:
    tag, before, classes = match.groups()
    kept, styles = [], []
    for name in classes.split():
        if name.startswith("align-") and tag in _CELLS:
            # Cell alignment is a style to CKEditor (paragraphs use the class).
            styles.append(f"text-align:{name[6:]}")
            continue
        for pattern, style in _STYLE_OF_CLASS:
            if CLASS_RE.match(name) and (m := pattern.match(name)):
                styles.append(style(m))
                break
        else:
            kept.append(name)
    out = f"<{tag}{before}"
    if kept:
        out += f' class="{" ".join(kept)}"'
    if styles:
        out += f' style="{";".join(styles)}"'
    return out


def editor_html(html: str | None) -> str:
    """Stored (cleaned) HTML as CKEditor reads it: the formatting classes of
    `style_classes` back as the style attributes its plugins understand."""
    return _TAG_WITHCLASS_RE.sub(_class_to_style, html or "")
