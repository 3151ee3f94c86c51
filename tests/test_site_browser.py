"""The listening pages in a real browser: Debian's chromium, headless, driven by Playwright
(which cannot download browsers here, so it is pointed at the system's). Without chromium
these tests are skipped with the reason; the README says how to install it."""
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium; see the README)")

# As root in a container chromium needs --no-sandbox; the rest keep it off the (closed) network.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1366, "height": 900}


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def open_page(browser, built):
    site = built / "outputs" / "site"
    opened = []

    def open_(relative: str, viewport=DESKTOP):
        page = browser.new_page(viewport=viewport)
        page.errors, page.requests = [], []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.on("request", lambda request: page.requests.append(request.url))
        page.goto((site / relative).as_uri())
        page.wait_for_function("document.getElementById('player') === null || "
                               "document.getElementById('player').readyState >= 1")
        opened.append(page)
        return page

    yield open_
    for page in opened:
        assert page.errors == [], page.errors
        page.close()


def current_cue(page):
    return page.evaluate("[...document.querySelectorAll('[data-cue][aria-current]')].map(b => b.dataset.seek)")


def test_the_cue_at_the_audio_time_is_highlighted(open_page):
    page = open_page("zh-Hant/episode.html")
    cues = page.evaluate("[...document.querySelectorAll('[data-cue]')].map(b => [b.dataset.seek, +b.dataset.end])")
    for index in (len(cues) // 2, 3, len(cues) - 1):    # forward, back, to the last
        start, end = cues[index]
        page.evaluate(f"document.getElementById('player').currentTime = {(float(start) + end) / 2}")
        page.wait_for_function(f"document.querySelector('[data-cue][aria-current]')?.dataset.seek === '{start}'")
        assert current_cue(page) == [start]   # exactly one
    box = page.locator(".cues")       # the highlighted cue was scrolled into the transcript's view
    cue = page.locator("[data-cue][aria-current]")
    assert cue.bounding_box()["y"] >= box.bounding_box()["y"] - 1
    assert cue.bounding_box()["y"] + cue.bounding_box()["height"] <= box.bounding_box()["y"] + box.bounding_box()["height"] + 1


def test_the_highlight_follows_the_voice_while_it_plays(open_page):
    page = open_page("zh-Hans/divergence.html")
    cues = page.evaluate("[...document.querySelectorAll('[data-cue]')].map(b => b.dataset.seek)")
    page.evaluate(f"const a = document.getElementById('player'); a.muted = true; a.currentTime = {cues[2]} - 0.3; a.play()")
    page.wait_for_function(f"document.querySelector('[data-cue][aria-current]')?.dataset.seek === '{cues[2]}'",
                           timeout=5000)   # reached by playing, not by a seek
    assert page.evaluate("!document.getElementById('player').paused")


def test_a_chapter_click_seeks_to_it(open_page):
    page = open_page("zh-TW/episode.html")
    chapter = page.locator("[data-chapter]").nth(3)
    start = float(chapter.get_attribute("data-seek"))
    chapter.click()
    page.wait_for_function("document.querySelector('[data-chapter][aria-current]') !== null")
    now = page.evaluate("document.getElementById('player').currentTime")
    assert start <= now < start + 1.0
    assert chapter.get_attribute("aria-current") == "true"
    assert abs(float(current_cue(page)[0]) - start) < 0.1   # the chapter's heading cue


def test_keyboard_alone_seeks_from_the_transcript(open_page):
    page = open_page("zh-HK/agents.html")
    cue = page.get_by_role("button").filter(has=page.locator(".text")).nth(5)
    start = float(cue.get_attribute("data-seek"))
    cue.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.getElementById('player').currentTime >= {start}")
    assert current_cue(page) == [cue.get_attribute("data-seek")]
    page.locator(".sentences .seek").first.focus()
    page.keyboard.press("Space")
    page.wait_for_function("document.getElementById('player').currentTime < 1")


def test_the_variant_switch_keeps_the_position(open_page):
    page = open_page("zh-Hans/episode.html")
    page.evaluate("document.getElementById('player').currentTime = 100")
    page.locator("nav.variants a[hreflang='zh-TW']").click()
    page.wait_for_url("**/zh-TW/episode.html#*")
    page.wait_for_function("document.getElementById('player').readyState >= 1")
    page.wait_for_function("Math.abs(document.getElementById('player').currentTime - 100) < 0.05")
    assert page.locator("html").get_attribute("lang") == "zh-TW"


def test_a_summary_sentence_opens_its_sources(open_page):
    page = open_page("zh-Hans/china-lead.html")
    link = page.locator(".sentences a.tags").last
    target = link.get_attribute("href")
    link.click()
    page.wait_for_url(f"**{target}")
    point = page.locator(target)
    assert point.is_visible() and "[0" in point.inner_text()
    box = point.bounding_box()
    assert 0 <= box["y"] < DESKTOP["height"]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_pages_fit_a_phone_and_a_desktop_and_request_nothing_outside(open_page, built, viewport, tmp_path):
    from PIL import Image

    site = (built / "outputs" / "site").as_uri()
    for relative in ("index.html", "zh-TW/index.html", "zh-Hans/episode.html", "zh-HK/next-paradigm.html"):
        page = open_page(relative, viewport)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], relative
        shot = tmp_path / f"{Path(relative).stem}-{viewport['width']}.png"
        page.screenshot(path=str(shot))
        with Image.open(shot) as image:
            assert image.size == (viewport["width"], viewport["height"])
            darkest, lightest = image.convert("L").getextrema()
            assert lightest - darkest > 100     # something is drawn
        if relative.endswith("episode.html"):
            for part in ("#player", ".chapters", ".transcript"):
                assert page.locator(part).bounding_box()["width"] > viewport["width"] * 0.15, part
        assert all(url.startswith(site) for url in page.requests), page.requests
