"""CKEditor 5's configuration (settings.CKEDITOR_5_CONFIGS): the toolbar, and only the
formatting the sanitizer keeps, offered from its palettes."""

from editorial.embeds import EDITOR_PATTERNS
from editorial.richtext_styles import BACKGROUNDS, BORDER_COLORS, TEXT_COLORS


def _palette(colours: dict) -> list[dict]:
    return [{"color": value, "label": label} for value, label in colours.values()]


# The formatting editorial/sanitize.py keeps (as classes, the reader CSP refuses styles):
# the editor offers these colours and nothing else.
_TABLE_PALETTES = {
    "borderColors": _palette(BORDER_COLORS),
    "backgroundColors": _palette(BACKGROUNDS),
    "colorPicker": False,
}
# What the article page draws without any class (site.css): not written when unchanged.
_CELL_DEFAULTS = {"borderStyle": "solid", "borderWidth": "1px", "borderColor": "#e3e6eb"}
EDITOR_CONFIGS = {
    "default": {
        "language": "zh-cn",
        "toolbar": {
            "items": [
                "heading",
                "|",
                "bold",
                "italic",
                "underline",
                "fontColor",
                "fontBackgroundColor",
                "link",
                "|",
                "bulletedList",
                "numberedList",
                "blockQuote",
                "|",
                "insertTable",
                "imageUpload",
                "mediaEmbed",
                "|",
                "alignment",
                "removeFormat",
                "sourceEditing",
                "|",
                "undo",
                "redo",
            ],
            "shouldNotGroupWhenFull": True,
        },
        # Classes, not style attributes: reader pages refuse inline styles (CSP), and
        # site.css and editor.css style these classes; editorial/sanitize.py keeps them.
        "alignment": {
            "options": [
                {"name": name, "className": f"align-{name}"}
                for name in ("left", "center", "right", "justify")
            ]
        },
        "image": {
            "toolbar": [
                "imageTextAlternative",
                "|",
                "imageStyle:alignLeft",
                "imageStyle:alignCenter",
                "imageStyle:alignRight",
                "|",
                "toggleImageCaption",
            ],
            "styles": ["full", "side", "alignLeft", "alignRight", "alignCenter"],
            # Widths in % of the text column, kept as classes in steps of 5 (w-NN).
            "resizeUnit": "%",
        },
        "table": {
            "contentToolbar": [
                "tableColumn",
                "tableRow",
                "mergeTableCells",
                "tableProperties",
                "tableCellProperties",
            ],
            "tableProperties": {
                **_TABLE_PALETTES,
                "defaultProperties": {"borderStyle": "none", "width": "100%"},
            },
            "tableCellProperties": {**_TABLE_PALETTES, "defaultProperties": _CELL_DEFAULTS},
        },
        # Colours only from the palettes the sanitizer keeps (no free colour picker).
        "fontColor": {
            "colors": _palette(TEXT_COLORS),
            "columns": 5,
            "documentColors": 0,
            "colorPicker": False,
        },
        "fontBackgroundColor": {
            "colors": _palette(BACKGROUNDS),
            "columns": 4,
            "documentColors": 0,
            "colorPicker": False,
        },
        # 插入媒体: Bilibili and Tencent Video only (editorial.embeds adds their players).
        "mediaEmbed": {
            "removeProviders": [
                "dailymotion",
                "spotify",
                "youtube",
                "vimeo",
                "instagram",
                "twitter",
                "googleMaps",
                "flickr",
                "facebook",
            ],
            "extraProviders": [
                {"name": name, "url": patterns} for name, patterns in EDITOR_PATTERNS.items()
            ],
        },
        # static/js/editor.js shows 字数 (characters without spaces) instead.
        "wordCount": {"displayWords": False, "displayCharacters": False},
        "heading": {
            "options": [
                {"model": "paragraph", "title": "正文", "class": "ck-heading_paragraph"},
                {
                    "model": "heading2",
                    "view": "h2",
                    "title": "标题 2",
                    "class": "ck-heading_heading2",
                },
                {
                    "model": "heading3",
                    "view": "h3",
                    "title": "标题 3",
                    "class": "ck-heading_heading3",
                },
                {
                    "model": "heading4",
                    "view": "h4",
                    "title": "标题 4",
                    "class": "ck-heading_heading4",
                },
            ]
        },
    },
}
