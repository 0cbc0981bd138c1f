"""The web page in a real headless Chromium, over a real server and a real DuckDB file.

Needs Debian's chromium and chromedriver (`apt-get install chromium chromium-driver`); the
module is skipped without them. Selenium is pointed at /usr/bin/chromedriver, so it never
downloads a driver. Screenshots of every view go to test-artifacts/ at the repo root.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import httpx
import pytest

from relato.api import create_app
from relato.store import Store
from tests.serving import running

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
    pytest.skip("the browser tests need /usr/bin/chromium and /usr/bin/chromedriver "
                "(apt-get install chromium chromium-driver)", allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")

from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
SCRIPT_ARTICLE = "web-script-article"

# recorded before any script of the page runs: alerts and CSP violations
WATCH = """
window.__alerts = [];
window.alert = function (m) { window.__alerts.push(String(m)); };
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  function (e) { window.__csp.push(e.violatedDirective + ' ' + e.blockedURI); });
"""


def _articles() -> list[dict]:
    paths = sorted((FIXTURES / "story").glob("*.json")) + [FIXTURES / "web" / "script-article.json"]
    return [json.loads(p.read_text("utf-8")) for p in paths]


@pytest.fixture(scope="module")
def site(pipeline, tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("web") / "relato.duckdb")
    report = store.ingest(pipeline.run(_articles()))
    assert len(report.stored) == 4, report.summary()
    with running(create_app(store, pipeline)) as url:
        yield url
    store.close()


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--window-size=1280,900",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    os.environ.setdefault("SE_OFFLINE", "true")   # selenium-manager must fetch nothing
    browser = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH})
    browser.set_page_load_timeout(30)
    yield browser
    browser.quit()


def _open(driver, url: str, ready: str):
    """Load the page at `url` and wait for the view's element `ready` (a CSS selector)."""
    driver.get("about:blank")
    driver.get(url)
    wait = WebDriverWait(driver, 20)
    wait.until(lambda d: d.execute_script(
        "return document.getElementById('main').dataset.ready === 'true'"))
    return wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ready)))


def _shoot(driver, name: str) -> Path:
    """A PNG of the whole page (the window grows to the page's height for it)."""
    ARTIFACTS.mkdir(exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 1280, "height": min(max(800, height), 4000), "deviceScaleFactor": 1,
        "mobile": False})
    path = ARTIFACTS / f"web-{name}.png"
    driver.save_screenshot(str(path))
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    return path


def _clean(driver) -> None:
    """No alert, no CSP violation, no JavaScript error on the page."""
    try:
        alert = driver.switch_to.alert
        text = alert.text
        alert.dismiss()
        pytest.fail(f"an alert opened: {text}")
    except NoAlertPresentException:
        pass
    assert driver.execute_script("return window.__alerts") == []
    assert driver.execute_script("return window.__csp") == []
    errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def test_article_text_stays_text(site, driver):
    body = _open(driver, f"{site}/#/articles/{SCRIPT_ARTICLE}", "#article-text")
    assert "<script>alert(1)</script>" in body.text
    assert "<b>bold</b>" in body.text
    title = driver.find_element(By.ID, "article-title")
    assert title.text == "Teachers protest in Culiacán <img src=x onerror=alert(2)>"
    # nothing of the text became an element: no script, no b, no img anywhere in the view
    main = driver.find_element(By.ID, "main")
    for tag in ("script", "b", "img"):
        made = [e for e in main.find_elements(By.TAG_NAME, tag)
                if tag != "b" or "<" in e.text or e.text == "bold"]
        assert made == [], tag
    assert driver.find_elements(By.CSS_SELECTOR, "#article-text script, #article-text b") == []
    _shoot(driver, "article")
    _clean(driver)


def test_highlights_and_hover(site, driver):
    record = httpx.get(f"{site}/articles/{SCRIPT_ARTICLE}").json()["record"]
    _open(driver, f"{site}/#/articles/{SCRIPT_ARTICLE}", "#article-text")
    events = driver.find_elements(By.CSS_SELECTOR, "#article-text mark.hl-event")
    quotes = driver.find_elements(By.CSS_SELECTOR, "#article-text .hl-quote")
    sources = driver.find_elements(By.CSS_SELECTOR, "#article-text .hl-source")
    assert events and quotes and sources
    # each event and quote in its own colour
    colours = {driver.execute_script(
        "return getComputedStyle(arguments[0]).backgroundColor", e) for e in events}
    assert len(colours) == len({e.get_attribute("data-event") for e in events}) > 1
    # spans are code points: after the accents and the emoji, a highlight still covers
    # exactly the words of its record
    text = record["text"]
    for kind, items in (("quote", record["quotes"]), ("event", record["events"])):
        for index, item in enumerate(items):
            spans = [item["span"]] if kind == "quote" else item["evidence"]
            covered = driver.execute_script(
                "return Array.from(document.querySelectorAll("
                "'#article-text [data-' + arguments[0] + '=\"' + arguments[1] + '\"]'))"
                ".map(e => e.textContent).join('')", kind, index)
            expected = "".join(text[s:e] for s, e in sorted(spans))
            if kind == "event":   # a shorter event inside may hold part of it: compare loosely
                assert covered and covered in expected
            else:
                assert covered == expected

    # hovering an event shows its record; hovering a quote shows its speaker
    target = next(e for e in events if "threatened" in e.text)
    ActionChains(driver).move_to_element(target).perform()
    tip = WebDriverWait(driver, 5).until(EC.visibility_of_element_located((By.ID, "tip")))
    assert "THREATEN" in tip.text and "governor" in tip.text and "riot police" in tip.text
    assert "two officials" in tip.text
    _shoot(driver, "article-hover")
    spoken = next(q for q in quotes if "We will stay" in q.text)
    ActionChains(driver).move_to_element(spoken).perform()
    WebDriverWait(driver, 5).until(lambda d: "Ana Núñez" in tip.text)
    assert "Direct quote" in tip.text
    _clean(driver)


def _rows(driver) -> list[str]:
    return [b.text for b in driver.find_elements(
        By.CSS_SELECTOR, "#events-table tbody tr td.status .badge")]


def test_events_table_filters_by_status(site, driver):
    everything = httpx.get(f"{site}/events").json()
    occurred = httpx.get(f"{site}/events", params={"status": "occurred"}).json()
    assert 0 < occurred["total"] < everything["total"] <= 50
    table = _open(driver, f"{site}/#/events", "#events-table")
    assert len(_rows(driver)) == everything["total"]
    assert len(set(_rows(driver))) > 1
    headers = [h.text.lower() for h in table.find_elements(By.TAG_NAME, "th")]
    assert headers == ["type", "status", "actors", "targets", "place", "date", "reported by",
                       "mentions"]
    WebDriverWait(driver, 10).until(lambda d: "…" not in [
        c.text for c in d.find_elements(By.CSS_SELECTOR, "#events-table td.reported")])
    _shoot(driver, "events")

    Select(driver.find_element(By.ID, "f-status")).select_by_value("occurred")
    WebDriverWait(driver, 10).until(EC.staleness_of(table))
    WebDriverWait(driver, 10).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, "#events-table")))
    assert "status=occurred" in driver.current_url
    shown = _rows(driver)
    assert len(shown) == occurred["total"] and set(shown) == {"occurred"}
    assert driver.find_element(By.ID, "events-total").get_attribute("data-total") == str(
        occurred["total"])
    # a row links to its story
    link = driver.find_element(By.CSS_SELECTOR, "#events-table tbody tr a.type")
    assert "#/stories/" in link.get_attribute("href")
    _shoot(driver, "events-occurred")
    _clean(driver)


def test_story_history_and_timeline(site, driver):
    stories = httpx.get(f"{site}/stories").json()["items"]
    story = next(s for s in stories if s["articles"] == 3)
    _open(driver, f"{site}/#/stories", "table.stories")
    titles = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "table.stories tbody a")]
    assert story["title"] in titles
    _shoot(driver, "stories")
    _open(driver, f"{site}/#/stories/{story['id']}", "#timeline")
    merged = [li for li in driver.find_elements(By.CSS_SELECTOR, ".story-event")
              if len(li.find_elements(By.CSS_SELECTOR, "table.history tbody tr")) == 3]
    assert len(merged) == 1
    chain = merged[0].find_element(By.CSS_SELECTOR, ".chain").get_attribute("data-chain")
    assert chain.split(" → ")[0] == "considered" and chain.split(" → ")[-1] == "occurred"
    statuses = [b.text for b in merged[0].find_elements(
        By.CSS_SELECTOR, "table.history tbody tr td .badge")]
    assert statuses[0] == "considered" and statuses[-1] == "occurred"
    outlets = [r.find_elements(By.TAG_NAME, "td")[1].text for r in merged[0].find_elements(
        By.CSS_SELECTOR, "table.history tbody tr")]
    assert len(set(outlets)) == 3
    # the timeline: a dot per report, coloured by its status, one colour per status
    dots = driver.find_elements(By.CSS_SELECTOR, "#timeline circle.tl-dot")
    fills = {d.get_attribute("data-status"): driver.execute_script(
        "return getComputedStyle(arguments[0]).fill", d) for d in dots}
    assert {"considered", "occurred"} <= set(fills)
    assert len(set(fills.values())) == len(fills)
    assert "rgb(0, 0, 0)" not in fills.values()
    legend = driver.find_elements(By.CSS_SELECTOR, ".legend li")
    assert [li.text for li in legend] == ["occurred", "ongoing", "planned", "considered",
                                          "threatened", "hypothetical", "negated"]
    _shoot(driver, "story")
    _clean(driver)


def test_map_draws_outline_and_markers(site, driver):
    _open(driver, f"{site}/#/map", "#world-map")
    countries = driver.find_elements(By.CSS_SELECTOR, "#world-map .land path")
    assert len(countries) > 150
    markers = driver.find_elements(By.CSS_SELECTOR, "#world-map circle.marker")
    assert markers
    # Mexico (about 21°N 100°W) lands where the projection puts it
    spots = [(float(m.get_attribute("cx")), float(m.get_attribute("cy"))) for m in markers]
    assert any(70 < x < 90 and 60 < y < 72 for x, y in spots), spots
    ActionChains(driver).move_to_element(markers[0]).perform()
    tip = WebDriverWait(driver, 5).until(EC.visibility_of_element_located((By.ID, "tip")))
    assert any(t in tip.text for t in ("ASSAULT", "PROTEST"))
    _shoot(driver, "map")
    _clean(driver)


def test_events_table_pages(site, driver):
    everything = httpx.get(f"{site}/events").json()["items"]
    _open(driver, f"{site}/#/events?limit=4", "#events-table")
    first = [r.get_attribute("data-event") for r in driver.find_elements(
        By.CSS_SELECTOR, "#events-table tbody tr")]
    assert first == [str(e["id"]) for e in everything[:4]]
    assert driver.find_element(By.ID, "events-total").text.startswith(
        f"1–4 of {len(everything)}")
    table = driver.find_element(By.ID, "events-table")
    driver.find_element(By.CSS_SELECTOR, ".pager a.next").click()
    WebDriverWait(driver, 10).until(EC.staleness_of(table))
    WebDriverWait(driver, 10).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, "#events-table")))
    second = [r.get_attribute("data-event") for r in driver.find_elements(
        By.CSS_SELECTOR, "#events-table tbody tr")]
    assert second == [str(e["id"]) for e in everything[4:8]]
    assert "offset=4" in driver.current_url
    _clean(driver)
