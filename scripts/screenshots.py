"""Screenshots of each tab for the README, taken in Debian's headless Chromium.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Starts `missionsguiden serve` with a throw-away database, asks a question and opens a
citation, walks the first guide step, and shows the library; also the chat on a phone-sized
screen.
"""

from __future__ import annotations

import argparse
import re
import tempfile
from pathlib import Path
from typing import Any

from app_process import ROOT, _free_port, start_server, stop_server
from playwright.sync_api import expect, sync_playwright

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


ACTORS = [
    ("Jobcentret", "Offentlig", "vejledning", "Virksomhederne", "", "Praktikforløb", "Jobcentret"),
    ("Virksomhederne", "Erhverv", "praktikpladser", "", "Skolerne", "Praktikforløb", ""),
    ("Skolerne", "Offentlig", "undervisning", "Jobcentret", "", "Skolen", ""),
    ("Ungdomsklubben", "Civilsamfund", "kontakt", "Skolerne", "", "Fritiden", ""),
    ("De unge selv", "Borgere og brugere", "erfaringer", "Ungdomsklubben", "", "", ""),
]


EFFORTS = [
    ("Mentorordning", "fastholdelse i uddannelse", "Skalér op", "Jobcentret"),
    ("Brobygning 8. klasse", "overgang fra skole", "Fortsæt", "Skolerne"),
    ("Sommerjob-kampagne", "første job", "Læg sammen", "Virksomhederne"),
    ("Gammel vejledningsfolder", "overgang fra skole", "Stop", ""),
]


def _fill(page: Any, table: str, rows: list[tuple[str, ...]]) -> None:
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                cell = page.locator(f'#{table} [data-testid="cell-{r}-{c}"]').first
                cell.dblclick()
                editor = cell.locator("textarea, input").first
                editor.fill(text)  # waits for the cell's editor, then types the whole text
                editor.press("Enter")


def _step(page: Any, prompt: str, table: str, rows: list[tuple[str, ...]], picture: str) -> None:
    """A guide step's table filled in (`prompt`: the start of its question), saved, and its
    picture drawn."""
    page.locator("#mg-prompt-pick input").click()
    page.get_by_role("option", name=re.compile(prompt)).click()
    page.locator(f"#{table}").first.wait_for()
    _fill(page, table, rows)
    page.locator("#mg-save-answer").click()
    page.locator(f"#{picture} img").first.wait_for()
    page.wait_for_timeout(500)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    proc = start_server(port, Path(tempfile.mkdtemp(prefix="mg-shots-")) / "shots.sqlite")
    url = f"http://127.0.0.1:{port}/"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1360, "height": 1000}, locale="da-DK")
            page.set_default_timeout(60_000)
            page.goto(url, wait_until="load")
            box = page.locator("#mg-question textarea")
            box.fill("Hvordan starter vi en coalition of the willing?")
            box.press("Enter")
            page.locator("#mg-chat a[href*='#mg-c1-1']").click()
            page.wait_for_timeout(800)
            page.screenshot(path=args.out / "chat.png")

            page.locator("#mg-tab-guide-button").click()
            page.locator("#mg-canvas-title input, #mg-canvas-title textarea").fill(
                "Flere unge i job eller uddannelse"
            )
            page.locator("#mg-start").click()
            page.locator("#mg-guidance .mg-source").first.wait_for()
            page.locator("#mg-team-answer textarea").fill(
                "Alle unge i Vejle skal være i job eller uddannelse inden 2030, fordi for mange"
                " i dag falder mellem jobcenter, uddannelse og sundhed."
            )
            page.locator("#mg-save-answer").click()
            page.locator("#mg-progress").get_by_text("1/").wait_for()
            page.wait_for_timeout(500)
            page.locator("#mg-guide-status").scroll_into_view_if_needed()
            page.screenshot(path=args.out / "guide.png")
            _step(page, "Hvilke aktører er I afhængige af", "mg-actors", ACTORS, "mg-actor-map")
            page.locator("#mg-actors-box").first.scroll_into_view_if_needed()
            page.screenshot(path=args.out / "actors.png")
            _step(
                page, "Hvilke igangværende indsatser", "mg-portfolio", EFFORTS, "mg-portfolio-view"
            )
            page.locator("#mg-portfolio-box").first.scroll_into_view_if_needed()
            page.screenshot(path=args.out / "portfolio.png")

            page.locator("#mg-tab-library-button").click()
            expect(page.locator("#mg-library")).to_contain_text("Dorte Bukdahl")
            page.wait_for_timeout(500)
            page.screenshot(path=args.out / "library.png")

            phone = browser.new_page(viewport={"width": 390, "height": 844}, locale="nb-NO")
            phone.set_default_timeout(60_000)
            phone.goto(url, wait_until="load")
            box = phone.locator("#mg-question textarea")
            box.fill("Hva er et forpliktende handlingsmiljø?")
            box.press("Enter")
            phone.locator("#mg-chat a[href*='#mg-c1-1']").wait_for()
            phone.wait_for_timeout(500)
            phone.screenshot(path=args.out / "phone.png")
            browser.close()
    finally:
        stop_server(proc)
    for name in ("chat", "guide", "actors", "portfolio", "library", "phone"):
        print(args.out / f"{name}.png")


if __name__ == "__main__":
    main()
