"""The web app in a real headless Chromium (Debian's package, driven by Playwright).

The app runs on loopback in this process, over a copy of the session's real-corpus index, so
uploads and canvases here cannot disturb the other tests. Without /usr/bin/chromium the tests
are skipped locally and fail on CI (where `.ci/run` installs it).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import Server, copy_of

from assistant.auth import UserFile
from assistant.core import Assistant

CHROMIUM = Path(os.environ.get("MISSIONSGUIDEN_CHROMIUM", "/usr/bin/chromium"))
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

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        pytest.fail(f"browser tests need {CHROMIUM} (apt-get install chromium)", pytrace=False)
    pytest.skip(f"no Chromium at {CHROMIUM}", allow_module_level=True)

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.integration]


@pytest.fixture(scope="module")
def web_assistant(
    corpus_assistant: Assistant, tmp_path_factory: pytest.TempPathFactory
) -> Assistant:
    return copy_of(corpus_assistant, tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def web(web_assistant: Assistant) -> Iterator[str]:
    with Server(web_assistant) as server:
        yield server.url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser, web: str) -> Iterator[Page]:
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(web, wait_until="load")
    page.locator("#mg-question textarea").wait_for()
    expect(page.locator("#mg-tab-chat-button")).to_have_text(re.compile("Spørg kilderne"))
    yield page
    context.close()


def ask(page: Page, question: str) -> None:
    box = page.locator("#mg-question textarea")
    box.fill(question)
    box.press("Enter")


def test_a_question_gets_a_cited_answer_whose_citation_opens_the_passage(page: Page) -> None:
    ask(page, "Hvordan starter vi en coalition of the willing?")
    marker = page.locator("#mg-chat a[href*='#mg-c1-1']")
    marker.wait_for()
    expect(page.locator("#mg-chat")).to_contain_text("coalition of the willing")
    marker.click()
    opened = page.locator("#mg-sources details.mg-source[open]")
    expect(opened).to_have_count(1)
    expect(opened).to_have_attribute("id", "mg-c1-1")
    quote = opened.locator("mark")
    expect(quote).to_contain_text(re.compile("[Cc]oalition of the willing"))
    # The document's title and authors are shown with the passage; the source's own label
    # names its section and lines, so two sources of one document differ at a glance.
    expect(opened.locator(".mg-meta")).to_contain_text("Dorte Bukdahl")
    expect(opened.locator("summary")).to_contain_text("linje")
    labels = page.locator("#mg-sources details.mg-source summary").all_inner_texts()
    assert len(set(labels)) == len(labels)


def test_the_web_chat_and_the_http_api_answer_a_question_the_same_way(page: Page, web: str) -> None:
    """One code path: the chat's answer and `POST /api/ask` give the same statements and cite
    the same quotes (an answerable question and one to refuse)."""
    import httpx

    for n, question in enumerate(
        ("Hvordan starter vi en coalition of the willing?", "Hvad kostede Aalborg-modellen?"), 1
    ):
        api = httpx.post(f"{web}/api/ask", json={"question": question}, timeout=60).json()
        first = re.sub(r"\s*\[\d+\]", "", api["answer"].split("\n")[0]).strip()
        ask(page, question)
        expect(page.locator("#mg-chat")).to_contain_text(first[:60], timeout=30_000)
        for c in api["citations"]:
            expect(page.locator(f"#mg-c{n}-{c['n']} mark").first).to_contain_text(
                " ".join(c["quote"].split())[:40]
            )


def test_a_follow_up_uses_the_conversation_and_shows_the_query(page: Page) -> None:
    ask(page, "Hvordan starter vi en coalition of the willing?")
    page.locator("#mg-chat a[href*='#mg-c1-1']").wait_for()
    ask(page, "Og hvem skal være med i den?")
    expect(page.locator("#mg-chat")).to_contain_text("Søgte efter", timeout=30_000)


def test_uncovered_question_gets_a_friendly_refusal_and_html_stays_text(page: Page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    ask(page, "Hvor mange sundhedsråd er der i Danmark?")
    expect(page.locator("#mg-chat")).to_contain_text("Prøv at spørge om", timeout=30_000)
    ask(page, "<img src=x onerror=alert(1)><script>alert(2)</script> Hvad er en mission?")
    expect(page.locator("#mg-chat")).to_contain_text("<img src=x onerror=alert(1)>")
    page.wait_for_timeout(500)
    assert dialogs == []
    assert page.locator("#mg-chat img[src='x']").count() == 0


def test_conversation_export_downloads_markdown(page: Page, web: str) -> None:
    page.locator(".mg-starter").first.click()
    page.locator("#mg-chat a[href*='#mg-c1-1']").wait_for()
    page.locator("#mg-export-chat").click()
    link = page.locator("#component-0 a[download], a[download]").first
    link.wait_for()
    with page.expect_download() as download:
        link.click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("# Hvordan starter vi en coalition of the willing?")
    assert "[1]" in text


def _dropdown_options(page: Page, elem_id: str) -> list[str]:
    page.locator(f"#{elem_id} input").click()
    options = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    return options


def test_without_login_each_browser_sees_only_its_own_conversations_and_canvases(
    browser: Browser, web: str
) -> None:
    """No login: a signed cookie makes each browser its own owner. Another browser lists
    neither the first one's conversation nor its canvas; the first one lists both, dated."""
    contexts = [browser.new_context(locale="da-DK") for _ in range(2)]
    first, second = (c.new_page() for c in contexts)
    for page in (first, second):
        page.goto(web, wait_until="load")
        page.locator("#mg-question textarea").wait_for()
    question = "Hvad er et forpligtende handlingsmiljø?"
    ask(first, question)
    first.locator("#mg-chat a[href*='#mg-c1-1']").wait_for()
    first.locator("#mg-tab-guide-button").click()
    first.locator("#mg-canvas-title input, #mg-canvas-title textarea").fill("Privat mission")
    first.locator("#mg-start").click()
    expect(first.locator("#mg-guide-status")).to_contain_text("Privat mission")
    for page in (first, second):
        page.reload(wait_until="load")
        page.locator("#mg-question textarea").wait_for()
        page.wait_for_timeout(1000)  # the lists fill in on load
    mine = _dropdown_options(first, "mg-history")
    assert any(question in o and re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", o) for o in mine)
    assert not any(question in o for o in _dropdown_options(second, "mg-history"))
    for page, shown in ((first, True), (second, False)):
        page.locator("#mg-tab-guide-button").click()
        assert any("Privat mission" in o for o in _dropdown_options(page, "mg-canvases")) is shown
    cookie = next(c for c in contexts[0].cookies() if c["name"] == "mg_owner")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    for context in contexts:
        context.close()


def test_walk_one_guide_step_and_export(page: Page) -> None:
    page.locator("#mg-tab-guide-button").click()
    page.locator("#mg-canvas-title input, #mg-canvas-title textarea").fill("Ungemissionen")
    page.locator("#mg-start").click()
    expect(page.locator("#mg-guide-status")).to_contain_text("Ungemissionen")
    expect(page.locator("#mg-progress")).to_contain_text("0/")
    expect(page.locator("#mg-guidance .mg-source").first).to_be_visible()
    answer = "Alle unge i Vejle skal være i job eller uddannelse inden 2030."
    page.locator("#mg-team-answer textarea").fill(answer)
    page.locator("#mg-save-answer").click()
    expect(page.locator("#mg-progress")).to_contain_text("1/")
    expect(page.locator("#mg-feedback")).not_to_be_empty()
    expect(page.locator("#mg-canvas")).to_contain_text(answer)
    page.locator("#mg-next").click()
    expect(page.locator("#mg-team-answer textarea")).to_have_value("")
    # the step's own six quality questions stand beside it; the other steps' are hidden
    expect(page.locator("#mg-assessment-1").first).to_be_visible()
    expect(page.locator("#mg-assessment-2").first).to_be_hidden()
    first_question = page.locator("#mg-assessment-1 fieldset").first
    first_question.get_by_label("Delvist").check()
    page.get_by_role("button", name="Gem selvevalueringen").click()
    expect(page.locator("#mg-canvas")).to_contain_text("delvist")
    expect(page.locator("#mg-assessment-saved-1").first).to_contain_text("gemt (1 spørgsmål")
    page.locator("#mg-export-docx").click()
    link = page.locator("#mg-canvas-file a[download]").first
    link.wait_for()
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".docx")
    page.locator("#mg-export-md").click()
    expect(page.locator("#mg-canvas-file a[download]").first).to_have_attribute(
        "download", re.compile(r"\.md$")
    )
    with page.expect_download() as download:
        page.locator("#mg-canvas-file a[download]").first.click()
    assert answer in Path(download.value.path()).read_text(encoding="utf-8")
    # the canvas's mission reviewed against the same criteria as the feedback
    page.locator("#mg-review-canvas").click()
    review = page.locator("#mg-canvas-review")
    expect(review.locator(".mg-review-summary")).to_be_visible()
    expect(page.locator("#mg-canvas-review-no_target_or_time")).to_contain_text("2030")


def put_cell(page: Page, table: str, row: int, col: int, text: str) -> None:
    """Type into a cell of an editable table (double-click opens its editor, Enter commits)."""
    cell = page.locator(f'#{table} [data-testid="cell-{row}-{col}"]').first
    cell.dblclick()
    editor = cell.locator("textarea, input").first
    editor.fill(text)  # waits for the editor, so no keystroke is lost on a busy machine
    editor.press("Enter")


def test_the_structured_canvas_fields_actor_map_and_portfolio(page: Page, tmp_path: Path) -> None:
    """A team fills the WHAT's fields, the actor table and the portfolio, gets exact feedback,
    sees the actor map and the portfolio view, and exports them in the Word file."""
    from docx import Document

    page.locator("#mg-tab-guide-button").click()
    page.locator("#mg-canvas-title input, #mg-canvas-title textarea").fill("Unge i job")
    page.locator("#mg-start").click()
    expect(page.locator("#mg-guidance .mg-source").first).to_be_visible()
    expect(page.locator("#mg-what-fields").first).to_be_visible()
    expect(page.locator("#mg-actors-box").first).to_be_hidden()
    fields = {
        "challenge": "For mange unge står uden job og uddannelse",
        "indicator": "andelen af 25-årige i job eller uddannelse",
        "baseline": "78 %",
        "level": "90 %",
        "deadline": "2027",
    }
    for key, value in fields.items():
        page.locator(f"#mg-what-{key} textarea, #mg-what-{key} input").first.fill(value)
    page.locator("#mg-save-answer").click()
    expect(page.locator("#mg-feedback")).to_contain_text("Deadline 2027 ligger kun 1 år ude")
    page.locator("#mg-prompt-pick input").click()
    page.get_by_role("option", name=re.compile("Hvilke aktører er I afhængige af")).click()
    expect(page.locator("#mg-actors-box").first).to_be_visible()
    expect(page.locator("#mg-actors th").first).to_contain_text("Aktør")
    rows = [
        ("Jobcentret", "Offentlig", "Virksomhederne", "Praktik"),
        ("Virksomhederne", "Erhverv", "", "Praktik"),
    ]
    for r, (name, sector, depends, environment) in enumerate(rows):
        for c, text in ((0, name), (1, sector), (3, depends), (5, environment)):
            if text:
                put_cell(page, "mg-actors", r, c, text)
    page.locator("#mg-save-answer").click()
    feedback = page.locator("#mg-feedback")
    expect(feedback).to_contain_text("kun erhverv med")  # public bodies plus one kind only
    expect(feedback).to_contain_text("mobilisere aktørerne i „Praktik“")
    expect(page.locator("#mg-actor-map img").first).to_be_visible()
    page.locator("#mg-prompt-pick input").click()
    page.get_by_role("option", name=re.compile("Hvilke igangværende indsatser")).click()
    expect(page.locator("#mg-portfolio-box").first).to_be_visible()
    for c, text in enumerate(("Mentorordning", "fastholdelse", "Fortsæt", "Jobcentret")):
        put_cell(page, "mg-portfolio", 0, c, text)
    page.locator("#mg-save-answer").click()
    expect(page.locator("#mg-feedback")).to_contain_text("Ingen indsats lægges sammen")
    expect(page.locator("#mg-portfolio-view img").first).to_be_visible()
    page.locator("#mg-export-docx").click()
    link = page.locator("#mg-canvas-file a[download]").first
    link.wait_for()
    with page.expect_download() as download:
        link.click()
    doc = Document(download.value.path())
    assert len(doc.inline_shapes) == 2  # the actor map and the portfolio view
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert {"Jobcentret", "Virksomhederne", "Erhverv", "Mentorordning", "Fortsæt"} <= cells


def test_review_a_draft_in_the_web_app(page: Page) -> None:
    page.locator("#mg-tab-review-button").click()
    page.locator("#mg-review-run").click()
    expect(page.locator("#mg-review")).to_contain_text("Skriv eller indsæt et udkast først")
    draft = (
        "Our mission is to launch a new app for residents. "
        "The council's IT department will build it next year."
    )
    page.locator("#mg-review-draft textarea").fill(draft)
    page.locator("#mg-review-run").click()
    review = page.locator("#mg-review")
    expect(review.locator(".mg-review-summary")).to_be_visible()
    # reviewed in the draft's language, whatever the interface's
    expect(page.locator("#mg-review-solution_not_challenge")).to_contain_text("launch a new app")
    expect(page.locator("#mg-review-solution_not_challenge")).to_have_attribute("open", "")
    expect(review.locator("mark").first).to_be_visible()  # the source's quote
    assert review.locator("details").count() == 11


def test_interface_language_switch(page: Page) -> None:
    page.get_by_label("English").check()
    expect(page.locator("#mg-tab-guide-button")).to_have_text(re.compile("Mission guide"))
    expect(page.locator("#mg-send")).to_have_text("Send")
    page.get_by_label("Norsk").check()
    expect(page.locator("#mg-tab-chat-button")).to_have_text(re.compile("Spør kildene"))


def test_a_language_switch_keeps_the_sources_and_every_citation_working(page: Page) -> None:
    """After an answer, switching the interface language keeps the sources panel, and the
    answer's [n] still opens its passage."""
    ask(page, "Hvordan starter vi en coalition of the willing?")
    link = page.locator("#mg-chat a[href*='#mg-c1-1']").first
    link.wait_for()
    passage = page.locator("#mg-c1-1")
    expect(passage).to_be_attached()
    page.get_by_label("English").check()
    expect(page.locator("#mg-send")).to_have_text("Send")
    page.wait_for_timeout(500)
    expect(passage).to_be_attached()  # the panel was not emptied
    link.click()
    expect(passage.locator("mark").first).to_be_in_viewport()  # scrolled to the quote itself


def test_every_tab_passes_axe_and_the_keyboard_reaches_a_citation(page: Page) -> None:
    """axe-core (WCAG 2 A/AA rules: labels, contrast, headings, roles) finds nothing."""
    from axe_playwright_python.sync_playwright import Axe

    box = page.locator("#mg-question textarea")
    box.focus()
    page.keyboard.type("Hvad er et forpligtende handlingsmiljø?")
    page.keyboard.press("Enter")
    marker = page.locator("#mg-chat a[href*='#mg-c1-1']")
    marker.wait_for()
    marker.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#mg-c1-1")).to_have_attribute("open", "")
    expect(page.locator("#mg-c1-1 summary")).to_be_focused()
    for tab in ("chat", "guide", "review", "library"):
        page.locator(f"#mg-tab-{tab}-button").click()
        page.wait_for_timeout(500)
        violations = Axe().run(page).response["violations"]
        assert [(v["id"], v["impact"], [n["target"] for n in v["nodes"]]) for v in violations] == []


def open_tab(page: Page, tab: str, lang: str) -> None:
    """Open a tab; on a narrow screen the tabs that do not fit are under "More tabs"."""
    from assistant.ui import t

    button = page.locator(f"#mg-tab-{tab}-button")
    if button.count() and button.is_visible():
        button.click()
    else:
        page.get_by_role("button", name="More tabs").click()
        page.locator(".overflow-dropdown button").filter(has_text=t(lang, f"tab_{tab}")).click()
    expect(page.locator(f"#mg-tab-{tab}")).to_be_visible()


def test_narrow_screen_has_no_sideways_scrolling(browser: Browser, web: str) -> None:
    context = browser.new_context(locale="nb-NO", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(web, wait_until="load")
    page.locator("#mg-question textarea").wait_for(timeout=30_000)
    expect(page.locator("#mg-tab-chat-button")).to_have_text(re.compile("Spør kildene"))
    ask(page, "Hvordan starter vi en coalition of the willing?")
    page.locator("#mg-chat a[href*='#mg-c1-1']").wait_for(timeout=30_000)
    for tab in ("chat", "guide", "review", "library"):
        open_tab(page, tab, "nb")
        page.wait_for_timeout(300)
        overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{tab}: {overflow}px sideways"
    context.close()


def remove_upload(page: Page, title: str) -> None:
    """Remove an uploaded document from the library tab, and see that it is removed."""
    page.locator("#mg-tab-library-button").click()
    page.locator("#mg-uploaded input").click()
    page.get_by_role("option", name=title).click()
    page.get_by_role("button", name="Fjern dokumentet").click()
    expect(page.locator("#mg-library-status")).to_contain_text("Fjernet", timeout=60_000)


def test_library_upload_answer_and_remove(page: Page, tmp_path: Path) -> None:
    page.locator("#mg-tab-library-button").click()
    expect(page.locator("#mg-library")).to_contain_text("Dorte Bukdahl")
    good = tmp_path / "Vejle ungeindsats.txt"
    good.write_text(
        "Ungeindsatsen i Vejle\n\nVejle Kommune samler jobcenter, skole og sundhedspleje i "
        "ét ungeteam med en fælles koordinator for hver ung.\n",
        encoding="utf-8",
    )
    bad = tmp_path / "billede.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    page.locator("#mg-upload input[type=file]").set_input_files([str(good), str(bad)])
    page.locator("#mg-add").click()
    status = page.locator("#mg-library-status")
    expect(status).to_contain_text("Tilføjet: Vejle ungeindsats.txt", timeout=60_000)
    expect(status).to_contain_text("billede.txt: det ligner en binær fil")  # in Danish
    expect(page.locator("#mg-library")).to_contain_text("uploadet")

    page.locator("#mg-tab-chat-button").click()
    ask(page, "Hvem samler Vejle Kommune i ét ungeteam?")
    expect(page.locator("#mg-sources")).to_contain_text("Ungeindsatsen i Vejle", timeout=30_000)

    remove_upload(page, "Ungeindsatsen i Vejle")
    expect(page.locator("#mg-library")).not_to_contain_text("uploadet")


def test_a_word_file_uploads_with_its_metadata_and_is_answered_from(
    page: Page, tmp_path: Path
) -> None:
    """The app's own export format is accepted: its title, author, year and language are read,
    and a question about it is answered from it."""
    import datetime as dt

    from docx import Document as Docx

    doc = Docx()
    doc.core_properties.title = "Ensomhedsplan for Horsens"
    doc.core_properties.author = "Mette Holm"
    doc.core_properties.created = dt.datetime(2025, 2, 1)
    doc.add_paragraph(
        "Horsens Kommune samler besøgsvenner, biblioteket og ældrerådet i et netværk mod "
        "ensomhed blandt ældre, som mødes hver måned på biblioteket."
    )
    path = tmp_path / "ensomhedsplan.docx"
    doc.save(str(path))
    page.locator("#mg-tab-library-button").click()
    page.locator("#mg-upload input[type=file]").set_input_files([str(path)])
    page.locator("#mg-add").click()
    status = page.locator("#mg-library-status")
    expect(status).to_contain_text("Tilføjet: ensomhedsplan.docx", timeout=60_000)
    row = page.locator("#mg-library tr").filter(has_text="Ensomhedsplan for Horsens")
    expect(row).to_contain_text("Mette Holm")
    expect(row).to_contain_text("2025")
    page.locator("#mg-tab-chat-button").click()
    ask(page, "Hvem samler Horsens Kommune i et netværk mod ensomhed?")
    expect(page.locator("#mg-sources")).to_contain_text("Ensomhedsplan for Horsens", timeout=30_000)
    remove_upload(page, "Ensomhedsplan for Horsens")


def test_with_login_each_user_sees_only_their_own_canvases(
    corpus_assistant: Assistant, browser: Browser, tmp_path: Path
) -> None:
    users = tmp_path / "users"
    UserFile(users).add("alice", "alice-secret-1")
    UserFile(users).add("bob", "bob-secret-12")
    assistant = copy_of(corpus_assistant, tmp_path, users_file=users)
    with Server(assistant) as server:

        def login(name: str, password: str) -> Page:
            page = browser.new_context(locale="da-DK").new_page()
            page.set_default_timeout(30_000)
            page.goto(server.url, wait_until="load")
            page.get_by_label(re.compile("username", re.I)).fill(name)
            page.get_by_label(re.compile("password", re.I)).fill(password)
            page.get_by_role("button", name=re.compile("login", re.I)).click()
            page.locator("#mg-question textarea").wait_for()
            return page

        wrong = browser.new_context().new_page()
        wrong.goto(server.url, wait_until="load")
        wrong.get_by_label(re.compile("username", re.I)).fill("alice")
        wrong.get_by_label(re.compile("password", re.I)).fill("not-her-password")
        wrong.get_by_role("button", name=re.compile("login", re.I)).click()
        expect(wrong.get_by_text(re.compile("incorrect", re.I))).to_be_visible()

        alice = login("alice", "alice-secret-1")
        expect(alice.get_by_text("Logget ind som alice")).to_be_visible()
        alice.locator("#mg-tab-guide-button").click()
        alice.locator("#mg-canvas-title input, #mg-canvas-title textarea").fill("Alices mission")
        alice.locator("#mg-start").click()
        expect(alice.locator("#mg-guide-status")).to_contain_text("Alices mission")

        bob = login("bob", "bob-secret-12")
        bob.locator("#mg-tab-guide-button").click()
        bob.locator("#mg-canvases input").click()
        expect(bob.get_by_role("option", name="Alices mission")).to_have_count(0)
        assert [c.title for c in assistant.canvases.list(owner="alice")] == ["Alices mission"]
        assert assistant.canvases.list(owner="bob") == []


def test_canvases_survive_a_restart_and_reopen(page: Page, web_assistant: Assistant) -> None:
    page.locator("#mg-tab-guide-button").click()
    page.locator("#mg-canvas-title input, #mg-canvas-title textarea").fill(
        "Genåbnes efter genstart"
    )
    page.locator("#mg-start").click()
    expect(page.locator("#mg-guide-status")).to_contain_text("Genåbnes efter genstart")
    page.locator("#mg-team-answer textarea").fill("Færre ensomme ældre i kommunen inden 2028.")
    page.locator("#mg-save-answer").click()
    expect(page.locator("#mg-progress")).to_contain_text("1/")

    restarted = Assistant(web_assistant.settings, embedder=web_assistant.embedder)
    with Server(restarted) as server:
        fresh = page.context.new_page()  # the same browser (its owner cookie), a new server
        fresh.set_default_timeout(30_000)
        fresh.goto(server.url, wait_until="load")
        fresh.locator("#mg-tab-guide-button").click()
        fresh.locator("#mg-canvases input").click()
        fresh.get_by_role("option", name="Genåbnes efter genstart").click()
        fresh.get_by_role("button", name="Åbn", exact=True).click()
        expect(fresh.locator("#mg-canvas")).to_contain_text("Færre ensomme ældre")
        expect(fresh.locator("#mg-progress")).to_contain_text("1/")
        fresh.close()
