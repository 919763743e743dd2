"""The built sample site in a real browser (Debian's Chromium, headless): search over HTTP under
a non-root base path and from file://, keyboard use, console errors, structure, and screenshots
at phone and desktop width for review (Tests/browser/screenshots/)."""
import json
import pathlib
import urllib.parse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

HERE = pathlib.Path(__file__).resolve().parent
SERVICE = "services/plex/index.html"
RUNBOOK = "operations/runbooks/certificate-renewal/index.html"
PAGES = {
    "home": "index.html",
    "catalog": "services/index.html",
    "service": SERVICE,
    "runbook": RUNBOOK,
    "adr": "architecture/decisions/ADR-007-longhorn-for-block-storage/index.html",
    "docs": "docs/index.html",
    "source": "source/k3s/apps/media/streaming/plex/statefulset.yaml.html",
    "search": "search/index.html?q=postgres",
}


def open_page(driver, base, path):
    driver.get(base + path)
    driver.get_log("browser")  # start each page with an empty log


def wait(driver, condition, timeout=10):
    return WebDriverWait(driver, timeout).until(lambda d: condition(d))


def dropdown_titles(driver, base, query):
    """Types `query` into the header box and returns the titles in the dropdown."""
    open_page(driver, base, "index.html")
    box = driver.find_element(By.ID, "site-search-input")
    box.clear()
    box.send_keys(query)
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#site-search-results .search-all")
         and query in d.find_element(By.CSS_SELECTOR, "#site-search-results .search-all").text)
    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#site-search-results .sr-title")]


def page_results(driver, base, query, extra=""):
    """Opens the search page for `query` and returns (status text, result titles, result links)."""
    open_page(driver, base, "search/index.html?q=" + urllib.parse.quote(query) + extra)
    wait(driver, lambda d: "result" in d.find_element(By.CSS_SELECTOR, "[data-search-status]").text)
    status = driver.find_element(By.CSS_SELECTOR, "[data-search-status]").text
    if not status.startswith("0 "):
        wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".search-result"))
    links = driver.find_elements(By.CSS_SELECTOR, ".search-result .sr-title a")
    return status, [a.text for a in links], [a.get_attribute("href") for a in links]


def result_count(status):
    return int(status.split(" ", 1)[0])


def severe(driver):
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


# Search

def test_tokenizer_matches_the_swift_tokenizer(driver, base):
    open_page(driver, base, "index.html")
    cases = json.loads((HERE / "tokenizer-cases.json").read_text())["cases"]
    for text, expected in cases:
        assert driver.execute_script("return almanacSearch.tokenize(arguments[0])", text) == expected, text


def test_ip_address_finds_the_service_holding_it(driver, base):
    assert dropdown_titles(driver, base, "10.10.0.201")[0] == "plex"


def test_ip_prefix_finds_services_in_the_subnet(driver, base):
    status, titles, _ = page_results(driver, base, "10.10.20")
    assert result_count(status) >= 2
    assert "home-assistant" in titles or "mosquitto" in titles


def test_alert_name_finds_its_runbook_at_the_alert_heading(driver, base):
    status, titles, links = page_results(driver, base, "CertificateRenewalFailure")
    assert "Certificate renewal" in titles[:3]
    link = links[titles.index("Certificate renewal")]
    assert link.endswith(RUNBOOK + "#certificaterenewalfailure")


def test_camel_case_words_match_separately(driver, base):
    _, titles, _ = page_results(driver, base, "certificate renewal")
    assert titles[0] == "Certificate renewal"


def test_misspelt_service_names_still_find_the_service(driver, base):
    assert dropdown_titles(driver, base, "jellyfim")[0] == "jellyfin"
    assert dropdown_titles(driver, base, "sonar")[0] == "sonarr"
    assert dropdown_titles(driver, base, "sonnarr")[0] == "sonarr"
    assert dropdown_titles(driver, base, "prometeus")[0] == "prometheus"


def test_prefix_matches_as_you_type(driver, base):
    assert dropdown_titles(driver, base, "vaultw")[0] == "vaultwarden"


def test_two_words_narrow_the_results(driver, base):
    one, _, _ = page_results(driver, base, "postgresql")
    two, titles, _ = page_results(driver, base, "postgresql backup")
    assert 0 < result_count(two) < result_count(one)


def test_snippets_highlight_the_matched_words(driver, base):
    page_results(driver, base, "velero schedule")
    marks = [m.text.lower() for m in driver.find_elements(By.CSS_SELECTOR, ".search-result .sr-snippet mark")]
    assert marks and all("velero" in m or "schedule" in m for m in marks)


def test_page_text_is_never_parsed_as_html(driver, base):
    # The mini fixture proves escaping at build time; here no result may add elements.
    page_results(driver, base, "script")
    assert driver.execute_script("return document.querySelectorAll('.search-result script, .search-result img').length") == 0


def test_kind_facet_filters_and_lives_in_the_url(driver, base):
    status, _, _ = page_results(driver, base, "backup")
    box = driver.find_element(By.CSS_SELECTOR, "input[name='kind'][value='runbook']")
    box.click()
    wait(driver, lambda d: "kind=runbook" in d.current_url)
    wait(driver, lambda d: "filtered" in d.find_element(By.CSS_SELECTOR, "[data-search-status]").text)
    filtered, titles, _ = page_results(driver, base, "backup", "&kind=runbook")
    assert 0 < result_count(filtered) < result_count(status)
    kinds = {t.text for t in driver.find_elements(By.CSS_SELECTOR, ".search-result .sr-meta .tag")}
    assert kinds == {"Runbook"}


def test_search_page_query_lives_in_the_url(driver, base):
    open_page(driver, base, "search/index.html")
    box = driver.find_element(By.ID, "search-page-input")
    box.send_keys("grafana")
    wait(driver, lambda d: "q=grafana" in d.current_url)
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".search-result"))
    assert driver.find_element(By.CSS_SELECTOR, ".search-result .sr-title a").text == "grafana"


def test_header_form_submits_to_the_search_page(driver, base):
    open_page(driver, base, SERVICE)
    box = driver.find_element(By.ID, "site-search-input")
    box.send_keys("longhorn")
    box.submit()
    wait(driver, lambda d: "search/index.html?q=longhorn" in d.current_url)
    assert driver.find_element(By.ID, "search-page-input").get_attribute("value") == "longhorn"


# Keyboard

def test_slash_focuses_search_and_arrows_enter_open_a_hit(driver, base):
    open_page(driver, base, RUNBOOK)
    driver.find_element(By.TAG_NAME, "body").send_keys("/")
    assert driver.switch_to.active_element.get_attribute("id") == "site-search-input"
    driver.switch_to.active_element.send_keys("sonarr")
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#site-search-results .sr-title"))
    box = driver.switch_to.active_element
    box.send_keys(Keys.ARROW_DOWN)
    box.send_keys(Keys.ARROW_DOWN)
    box.send_keys(Keys.ARROW_UP)
    assert box.get_attribute("aria-activedescendant") == "site-search-option-0"
    box.send_keys(Keys.ENTER)
    wait(driver, lambda d: d.current_url.split("#")[0].endswith("services/sonarr/index.html"))


def test_escape_closes_the_dropdown(driver, base):
    open_page(driver, base, "index.html")
    box = driver.find_element(By.ID, "site-search-input")
    box.send_keys("traefik")
    wait(driver, lambda d: d.find_element(By.ID, "site-search-results").is_displayed())
    box.send_keys(Keys.ESCAPE)
    assert not driver.find_element(By.ID, "site-search-results").is_displayed()
    assert box.get_attribute("aria-expanded") == "false"
    box.send_keys(Keys.ARROW_DOWN)
    assert driver.find_element(By.ID, "site-search-results").is_displayed()
    box.send_keys(Keys.ESCAPE, Keys.ESCAPE)
    assert box.get_attribute("value") == ""


def test_arrow_keys_walk_the_search_page_results(driver, base):
    page_results(driver, base, "redis")
    driver.find_element(By.ID, "search-page-input").send_keys(Keys.ARROW_DOWN)
    links = driver.find_elements(By.CSS_SELECTOR, ".search-result .sr-title a")
    assert driver.switch_to.active_element == links[0]
    driver.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    assert driver.switch_to.active_element == links[1]
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    wait(driver, lambda d: "search/index.html" not in d.current_url)


# Every page type: no console errors, sound structure

@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_console_errors(driver, base, name):
    open_page(driver, base, PAGES[name])
    if name == "search":
        wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".search-result"))
    else:
        box = driver.find_element(By.ID, "site-search-input")
        box.send_keys("backup")
        wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#site-search-results .search-all"))
    assert severe(driver) == []


STRUCTURE = """
const problems = [];
const h1 = document.querySelectorAll('h1').length;
if (h1 !== 1) problems.push(h1 + ' h1 elements');
let last = 1;
for (const h of document.querySelectorAll('main h1, main h2, main h3, main h4, main h5, main h6')) {
  const level = +h.tagName[1];
  if (level > last + 1) problems.push('h' + level + ' after h' + last + ': ' + h.textContent.trim().slice(0, 40));
  last = level;
}
for (const sel of ['header', 'nav', 'main', 'footer']) if (!document.querySelector(sel)) problems.push('no ' + sel);
for (const img of document.querySelectorAll('img:not([alt])')) problems.push('img without alt: ' + img.src);
for (const input of document.querySelectorAll('input:not([type=hidden])')) {
  if (!input.labels.length && !input.getAttribute('aria-label')) problems.push('unlabelled input ' + (input.id || input.name));
}
const ids = new Set();
for (const e of document.querySelectorAll('[id]')) { if (ids.has(e.id)) problems.push('duplicate id ' + e.id); ids.add(e.id); }
return problems;
"""


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_structure_is_accessible(driver, http_base, name):
    open_page(driver, http_base, PAGES[name])
    assert driver.execute_script(STRUCTURE) == []


def test_dark_mode_follows_the_system(driver, http_base):
    open_page(driver, http_base, SERVICE)
    light = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    try:
        dark = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    assert light == "rgb(255, 255, 255)"
    assert dark != light


CONTRAST = """
function rgb(c) { const m = c.match(/[\\d.]+/g).map(Number); return m.length > 3 && m[3] === 0 ? null : m.slice(0, 3); }
function lum(c) { return c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
  .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0); }
function background(e) { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c) return c; } return [255, 255, 255]; }
const worst = [];
for (const sel of arguments[0]) {
  for (const e of Array.from(document.querySelectorAll(sel)).slice(0, 5)) {
    if (!e.offsetParent && getComputedStyle(e).position !== 'fixed') continue;
    const a = lum(rgb(getComputedStyle(e).color)), b = lum(background(e));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) worst.push(sel + ' ' + ratio.toFixed(2) + ' "' + e.textContent.trim().slice(0, 30) + '"');
  }
}
return worst;
"""
TEXT = ["body", "p", "a", "dt", "dd", ".muted", ".eyebrow", ".tag", ".kind", ".badge", ".count", "code", "mark",
        ".sr-meta", ".search-form button", ".breadcrumbs li", ".site-nav a", "th", "td", ".search-key", "legend"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", ["service", "runbook", "search", "home"])
def test_text_contrast_meets_wcag_aa(driver, http_base, name, scheme):
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
    try:
        open_page(driver, http_base, PAGES[name])
        if name == "search":
            wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".search-result mark"))
        low = driver.execute_script(CONTRAST, TEXT)
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    assert low == []


def test_keyboard_focus_is_visible(driver, http_base):
    open_page(driver, http_base, SERVICE)
    body = driver.find_element(By.TAG_NAME, "body")
    styles = []
    for _ in range(4):
        body = driver.switch_to.active_element
        body.send_keys(Keys.TAB)
        styles.append(driver.execute_script(
            "const s = getComputedStyle(document.activeElement); return [document.activeElement.tagName, s.outlineStyle, s.outlineWidth]"))
    for tag, style, width in styles:
        assert style != "none" and float(width.rstrip("px")) >= 2, (tag, style, width)


def test_runbook_prints_without_navigation(driver, http_base):
    open_page(driver, http_base, RUNBOOK)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        hidden = driver.execute_script("""
          return ['.site-header', '.breadcrumbs', '.site-footer', '.toc'].map(
            s => document.querySelector(s) ? getComputedStyle(document.querySelector(s)).display : 'none');""")
        pre = driver.execute_script("return getComputedStyle(document.querySelector('.prose pre')).whiteSpace")
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert hidden == ["none"] * 4
    assert pre == "pre-wrap"


# Phone and desktop: no sideways scrolling, and screenshots for review

SHOTS = {"home": "index.html", "service": SERVICE, "runbook": RUNBOOK, "search": "search/index.html?q=backup"}


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("name", sorted(SHOTS))
def test_screenshots_and_no_sideways_scroll(driver, http_base, screenshots, name, width):
    driver.set_window_size(width, 1400)
    try:
        open_page(driver, http_base, SHOTS[name])
        if name == "search":
            wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".search-result"))
        overflow = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        driver.save_screenshot(str(screenshots / f"{name}-{width}.png"))
        if name == "home":
            box = driver.find_element(By.ID, "site-search-input")
            box.send_keys("plex")
            wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#site-search-results .sr-title"))
            driver.save_screenshot(str(screenshots / f"dropdown-{width}.png"))
            right = driver.execute_script("return document.getElementById('site-search-results').getBoundingClientRect().right")
            assert right <= width
    finally:
        driver.set_window_size(1280, 1000)
    assert overflow <= 0


@pytest.mark.parametrize("name", ["service", "search"])
def test_dark_phone_screenshots(driver, http_base, screenshots, name):
    driver.set_window_size(390, 1400)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    try:
        open_page(driver, http_base, SHOTS[name])
        if name == "search":
            wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".search-result"))
        driver.save_screenshot(str(screenshots / f"{name}-390-dark.png"))
        background = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
        driver.set_window_size(1280, 1000)
    assert background == "rgb(20, 23, 27)"
