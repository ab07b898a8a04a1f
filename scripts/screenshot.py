"""Screenshots of running pages at phone and desktop widths, for looking at them.

    .venv/bin/python scripts/screenshot.py http://127.0.0.1:8000/ /pages/about/ …
Files go to screenshots/<name>-<width>.png.
"""

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = {"phone": (390, 844), "desktop": (1366, 900)}


def main(base: str, paths: list[str]) -> None:
    out = Path("screenshots")
    out.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for label, (w, h) in WIDTHS.items():
            page = browser.new_page(viewport={"width": w, "height": h})
            for path in paths or ["/"]:
                page.goto(base.rstrip("/") + path)
                name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
                page.screenshot(path=out / f"{name}-{label}.png", full_page=True)
                print(out / f"{name}-{label}.png")
            page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
