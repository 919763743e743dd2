"""The Content-Security-Policy every page carries: a <meta http-equiv> first in <head>, strict
enough that injected markup cannot run script, and loose enough that the site's own scripts
(search index parts included), stylesheet, images and inline Graphviz SVG work over HTTP and from
file:// (Chromium matches 'self' on a file:// page against any file: URL, and enforces the
policy there too). Pages of every kind of the sample site must load without a single violation."""
import pathlib
import re
import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          "form-action 'self'; base-uri 'none'; object-src 'none'")
META = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
MARK = "ALMANAC-CSP-VIOLATION"

# Reports every violation, from the document and its frames, to the console with a marker.
LISTENER = """
document.addEventListener("securitypolicyviolation", e => {
  console.warn("%s " + e.violatedDirective + " " + (e.blockedURI || "") + " " + (e.sample || "").slice(0, 80));
}, true);
""" % MARK

# One page of every kind the site writes (the 404 page is checked statically below: it names its
# assets by base_url, so away from that host the policy blocks them, as it should).
PAGES = [
    "index.html",
    "services/index.html",
    "services/plex/index.html",
    "services/postgresql/index.html",
    "operations/runbooks/certificate-renewal/index.html",
    "operations/runbooks/index.html",
    "runbooks/index.html",
    "alerts/index.html",
    "alerts/CertificateRenewalFailure/index.html",
    "adrs/index.html",
    "architecture/decisions/ADR-007-longhorn-for-block-storage/index.html",
    "architecture/diagrams/index.html",
    "docs/index.html",
    "repo/k3s/shared-config/index.html",
    "source/k3s/apps/media/streaming/plex/statefulset.yaml.html",
    "graph/index.html",
    "graph/apps-ai/index.html",
    "network/index.html",
    "ports/index.html",
    "backups/index.html",
    "recovery/index.html",
    "scorecard/index.html",
    "environments/index.html",
    "coverage/index.html",
    "search/index.html?q=postgres",
]


def directives(policy):
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part}


@pytest.fixture(scope="module")
def listening(driver):
    added = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": LISTENER})
    yield driver
    driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": added["identifier"]})


def violations(driver):
    """CSP violations since the last call: the listener's reports and Chromium's own console errors."""
    found = []
    for entry in driver.get_log("browser"):
        message = entry["message"]
        if MARK in message or "Content Security Policy" in message:
            found.append(message)
    return found


def test_the_policy_is_strict():
    policy = directives(POLICY)
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == ["'self'"]  # no inline script, no eval, no other host
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]  # the search forms submit to the site's own search page
    assert policy["style-src"] == ["'self'"]  # no page, template or sanitized SVG uses a style attribute
    assert "'unsafe-inline'" not in POLICY and "'unsafe-eval'" not in POLICY


def test_every_page_carries_the_policy_first_in_its_head(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 200
    wrong = []
    for page in pages:
        with open(page, encoding="utf-8") as f:
            head = f.read(2048)
        match = re.search(r"<head>\s*(<[^>]*>)", head)
        if not match or match.group(1) != META:
            wrong.append(f"{page.relative_to(site)}: {match.group(1) if match else 'no <head>'}")
    assert not wrong, "\n".join(wrong[:50])


def test_every_template_starts_its_head_with_the_policy():
    # Every template extends the layout, so the layout's head is every page's head.
    templates = pathlib.Path(__file__).resolve().parents[2] / "site-templates" / "templates"
    layout = (templates / "layout.mustache").read_text()
    assert re.search(r"<head>\s*" + re.escape(META), layout)
    for template in templates.glob("*.mustache"):
        if template.name != "layout.mustache":
            assert template.read_text().lstrip().startswith("{{<layout}}"), template.name
    for template in templates.rglob("*.mustache"):
        text = template.read_text()
        assert not re.search(r"<head[\s>]", text) or template.name == "layout.mustache", template.name
        assert not re.search(r"\sstyle=|<style|<script(?![^>]*\ssrc=)|\son[a-z]+=", text), template.name


def test_no_violation_on_pages_of_every_kind(listening, base):
    driver = listening
    driver.get("about:blank")
    violations(driver)
    found = []
    for path in PAGES:
        driver.get(base + path)
        driver.execute_script("document.querySelectorAll('img').forEach(i => { i.loading = 'eager'; })")
        time.sleep(0.2)
        found += [f"{path}: {v}" for v in violations(driver)]
        # The site's own files did load and run.
        state = driver.execute_script("""return {
            search: typeof window.almanacSearch,
            css: getComputedStyle(document.body).fontFamily.includes("system-ui"),
            images: Array.from(document.images).filter(i => i.complete && i.naturalWidth === 0).map(i => i.src)}""")
        assert state["search"] == "function", path
        assert state["css"], path  # almanac.css applied
        assert not state["images"], (path, state["images"])
    assert not found, "\n".join(found)


def test_no_violation_while_searching_and_submitting(listening, base):
    driver = listening
    driver.get(base + "services/plex/index.html")
    violations(driver)
    box = driver.find_element(By.ID, "site-search-input")
    box.send_keys("postgres backup")  # loads manifest, shards and page fragments as scripts
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#site-search-results .sr-title"))
    box.send_keys(Keys.ENTER)  # submits the header form to the search page (form-action)
    WebDriverWait(driver, 10).until(lambda d: "search/index.html?q=postgres" in d.current_url)
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".search-result"))
    driver.find_element(By.CSS_SELECTOR, "input[name='kind']").click()  # facets.js
    time.sleep(0.3)
    driver.get(base + "ports/index.html")
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "th button"))  # table-sort.js
    driver.find_element(By.CSS_SELECTOR, "th button").click()
    time.sleep(0.2)
    assert not violations(driver)
