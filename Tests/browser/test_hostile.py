"""The hostile fixture (Tests/browser/hostile-repo/) in a real browser: every field Almanac shows
carries a script-injection payload, and no page of the built site may run any of them.

Each payload calls alert() (or msgbox()) with its own number; a failure lists the numbers and the
files of the fixture that hold them. Before any page script runs, a script installed through the
DevTools protocol replaces alert/confirm/prompt/print and the eval-style sinks (eval, Function,
setTimeout/setInterval with a string) with recorders, in every frame; a real dialog is a failure
too. Every page is opened over HTTP (under /docs/) and from file:// with the site's own
Content-Security-Policy, and once more over HTTP with CSP bypassed, so the escaping is tested on
its own and not only behind the policy. On each page the DOM is checked as well: no inline
event-handler attribute, no javascript:/vbscript:/data: (other than images) URL, no frame, object,
embed, base, refresh or style element, and no script but the site's own assets/*.js."""
import http.server
import os
import pathlib
import re
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.parse

import pytest
from selenium.common.exceptions import (NoAlertPresentException, TimeoutException,
                                        UnexpectedAlertPresentException, WebDriverException)
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
HOSTILE = HERE / "hostile-repo"
MARK = "ALMANAC-XSS-HIT"

# Runs before any script of every new document (every frame). Each sink reports through
# console.warn, which survives navigations and frames, and into window.__almanacHits.
TRAP = r"""
(() => {
  const MARK = "%s";
  const hits = [];
  try { Object.defineProperty(window, "__almanacHits", { value: hits }); } catch (e) {}
  const warn = console.warn.bind(console);
  const report = (what) => {
    let where = "";
    try { where = String(location.href); } catch (e) {}
    hits.push(what);
    warn(MARK + " " + what + " @ " + where);
  };
  const text = (args) => Array.from(args).map(a => { try { return String(a); } catch (e) { return "?"; } }).join(",");
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    const recorder = function () { report(name + "(" + text(arguments) + ")"); return name === "confirm" ? false : null; };
    try { Object.defineProperty(window, name, { value: recorder, writable: false, configurable: false }); } catch (e) { window[name] = recorder; }
  }
  const evalRecorder = function (source) { report("eval(" + String(source).slice(0, 200) + ")"); return undefined; };
  try { Object.defineProperty(window, "eval", { value: evalRecorder, writable: false, configurable: false }); } catch (e) {}
  // chromedriver runs each execute_script through Function("return async function(){…}"), so
  // those calls go through; any other source is recorded and not run.
  const OriginalFunction = Function;
  const functionRecorder = new Proxy(OriginalFunction, {
    apply(target, self, args) { return construct(args); },
    construct(target, args) { return construct(args); },
  });
  function construct(args) {
    if (args.length === 1 && /^return async function\(\)\{/.test(String(args[0]))) return Reflect.construct(OriginalFunction, args);
    report("Function(" + text(args).slice(0, 200) + ")");
    return function () {};
  }
  try { Object.defineProperty(window, "Function", { value: functionRecorder, writable: false, configurable: false }); } catch (e) {}
  for (const name of ["setTimeout", "setInterval"]) {
    const original = window[name];
    const wrapped = function (handler) {
      if (typeof handler !== "function") { report(name + "(" + String(handler).slice(0, 200) + ")"); return 0; }
      return original.apply(this, arguments);
    };
    try { Object.defineProperty(window, name, { value: wrapped, writable: false, configurable: false }); } catch (e) {}
  }
  document.addEventListener("securitypolicyviolation", e => {
    report("csp-violation(" + e.violatedDirective + " " + (e.blockedURI || "") + " " + (e.sample || "").slice(0, 80) + ")");
  }, true);
})();
""" % MARK

# Collects what the page's DOM should never hold; returns a list of findings.
DOM_CHECK = r"""
const allowedScript = /\/assets\/(almanac|search|search-page|almanac-docs|knowledge|table-sort)\.js$|\/assets\/search\/(manifest|facets|[tp]\/[0-9]+)\.js(\?v=[0-9a-f]+)?$/;
const roots = arguments[0].map(r => new URL(r, location.href).href);
const scope = arguments[1] ? document.querySelector(arguments[1]) : document;
const wholePage = !arguments[1];
const underRoot = (url) => roots.some(r => url.startsWith(r));
const urlAttributes = new Set(["href", "xlink:href", "src", "action", "formaction", "data", "poster", "background",
  "lowsrc", "dynsrc", "ping", "cite", "codebase", "manifest", "icon", "longdesc", "usemap", "srcset", "values", "to",
  "from", "by"]);
const findings = [];
const describe = (el) => {
  const id = el.id ? "#" + el.id : "";
  const cls = typeof el.className === "string" && el.className ? "." + el.className.split(/\s+/).join(".") : "";
  return el.tagName.toLowerCase() + id + cls;
};
const scheme = (value) => {
  const bare = String(value).replace(/[\u0000-\u0020\u007f-\u009f]/g, "").toLowerCase();
  const m = /^([a-z][a-z0-9+.-]*):/.exec(bare);
  return m ? { name: m[1], rest: bare.slice(m[0].length) } : null;
};
for (const el of scope ? scope.querySelectorAll("*") : []) {
  for (const attr of Array.from(el.attributes)) {
    const name = attr.name.toLowerCase();
    if (name.startsWith("on")) findings.push("event handler attribute " + name + "=" + JSON.stringify(attr.value.slice(0, 120)) + " on <" + describe(el) + ">");
    if (name === "style") findings.push("inline style attribute " + JSON.stringify(attr.value.slice(0, 120)) + " on <" + describe(el) + ">");
    if (name === "srcdoc") findings.push("srcdoc attribute on <" + describe(el) + ">");
    if (urlAttributes.has(name) || name.endsWith(":href")) {
      const values = name === "srcset" ? attr.value.split(",").map(s => s.trim().split(/\s+/)[0]) : (name === "values" ? attr.value.split(";") : [attr.value]);
      for (const value of values) {
        const s = scheme(value);
        if (!s) continue;
        if (s.name === "javascript" || s.name === "vbscript" || s.name === "livescript" || (s.name === "data" && !/^image\/(png|gif|jpeg|webp)[;,]/.test(s.rest)))
          findings.push(s.name + ": URL in " + name + "=" + JSON.stringify(attr.value.slice(0, 160)) + " on <" + describe(el) + ">");
      }
    }
  }
  const tag = el.tagName.toLowerCase();
  if (["iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "foreignobject", "animate", "set", "handler", "listener"].includes(tag))
    findings.push("<" + tag + "> element: " + el.outerHTML.slice(0, 160));
  if (tag === "style") findings.push("<style> element: " + el.outerHTML.slice(0, 160));
  if (tag === "meta" && (el.getAttribute("http-equiv") || "").toLowerCase() === "refresh") findings.push("refresh <meta>: " + el.outerHTML.slice(0, 160));
  if (tag === "link" && !/^(stylesheet|canonical)$/i.test(el.getAttribute("rel") || "")) findings.push("<link> element: " + el.outerHTML.slice(0, 160));
  if (tag === "link" && /stylesheet/i.test(el.getAttribute("rel") || "") && !(underRoot(el.href) && /\/assets\/almanac\.css$/.test(el.href)))
    findings.push("foreign stylesheet: " + el.outerHTML.slice(0, 160));
  if (tag === "form") {
    const action = el.getAttribute("action") || "";
    if (!/(^|\/)search\/index\.html$|^index\.html$/.test(action)) findings.push("unexpected <form action=" + JSON.stringify(action.slice(0, 120)) + ">");
  }
  if (tag === "use") {
    const href = el.getAttribute("href") || el.getAttribute("xlink:href") || "";
    if (!href.startsWith("#")) findings.push("<use> of an outside document: " + JSON.stringify(href.slice(0, 120)));
  }
  if (tag === "a" && el.protocol !== undefined && /^(javascript|vbscript|data):$/i.test(el.protocol)) findings.push("link resolving to " + el.protocol + " " + JSON.stringify(el.getAttribute("href").slice(0, 120)));
}
if (!scope) findings.push("nothing matches " + arguments[1]);
for (const s of document.querySelectorAll("script")) {
  const src = s.getAttribute("src");
  if (!src) { findings.push("inline <script>: " + JSON.stringify(s.textContent.slice(0, 160))); continue; }
  if (!underRoot(s.src) || !allowedScript.test(s.src.split("#")[0])) findings.push("foreign <script src=" + JSON.stringify(src.slice(0, 160)) + ">");
}
const meta = document.head && document.head.firstElementChild;
if (wholePage && !meta || meta.tagName !== "META" || (meta.getAttribute("http-equiv") || "").toLowerCase() !== "content-security-policy")
  findings.push("the first element in <head> is not the Content-Security-Policy <meta>");
return findings;
"""


# Fires the event of every inline handler attribute left in the page (a hover or a click would),
# so an injected handler shows up as an execution where CSP does not block it.
FIRE_HANDLERS = r"""
let fired = 0;
for (const el of document.querySelectorAll("*")) {
  for (const attr of Array.from(el.attributes)) {
    const name = attr.name.toLowerCase();
    if (!name.startsWith("on") || name.length < 3) continue;
    try { el.dispatchEvent(new Event(name.slice(2), { bubbles: false, cancelable: true })); fired++; } catch (e) {}
  }
}
return fired;
"""


def configured_base_url():
    """base_url of the hostile almanac.yaml: the 404 page loads the site's assets from it."""
    text = (HOSTILE / "almanac.yaml").read_text()
    value = re.search(r'^base_url: "(.*)"$', text, re.M).group(1)
    return value.replace('\\"', '"')


def numbers(text):
    """The payload numbers in a recorded call or finding: alert(123) → ["123"]."""
    return re.findall(r"(?:alert|msgbox)\((\d+)\)", text)


def sources_of(number):
    """Fixture files (relative paths) that hold payload `number`: where the field comes from."""
    needle = re.compile(r"(?:alert|msgbox)\(%s\)" % number)
    found = []
    for path in sorted(HOSTILE.rglob("*")):
        if path.is_file() and (needle.search(path.read_text(errors="replace")) or needle.search(str(path.relative_to(HOSTILE)))):
            found.append(str(path.relative_to(HOSTILE)))
    return found


def explain(findings):
    """One line per finding, with the fixture files behind each payload number in it."""
    lines = []
    for page, what in findings:
        origin = "; ".join(f"{n} from {', '.join(sources_of(n)) or '?'}" for n in dict.fromkeys(numbers(what)))
        lines.append(f"{page}: {what}" + (f"  [payload {origin}]" if origin else ""))
    return "\n".join(lines)


# Fixtures

@pytest.fixture(scope="module")
def hostile_site():
    """Builds the hostile fixture: exit 0 or 1 (findings), never a crash; <tmp>/docs/."""
    binary = os.environ.get("ALMANAC", str(ROOT / ".build" / "debug" / "almanac"))
    work = pathlib.Path(tempfile.mkdtemp(prefix="almanac-hostile-"))
    out = work / "docs"
    result = subprocess.run([binary, "build", str(HOSTILE), "--out", str(out), "--quiet"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode in (0, 1), f"exit {result.returncode}\n{result.stderr[-4000:]}"
    assert (out / "index.html").exists()
    yield out
    shutil.rmtree(work, ignore_errors=True)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def hostile_http(hostile_site):
    handler = lambda *args, **kwargs: QuietHandler(*args, directory=str(hostile_site.parent), **kwargs)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/docs/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def trapped(driver):
    """The shared Chromium with the trap installed for this module's pages only."""
    added = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": TRAP})
    driver.get("about:blank")
    driver.get_log("browser")
    yield driver
    driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": added["identifier"]})
    driver.execute_cdp_cmd("Page.setBypassCSP", {"enabled": False})
    driver.get("about:blank")


@pytest.fixture(scope="module", params=["http", "file", "http-no-csp"])
def mode(request, hostile_site):
    """(name, site root URL): over HTTP and from file:// with the site's CSP, and over HTTP with
    CSP bypassed (the escaping on its own)."""
    base = request.getfixturevalue("hostile_http") if request.param.startswith("http") else hostile_site.as_uri() + "/"
    return request.param, base


@pytest.fixture(scope="module", params=["http", "file"])
def transport(request, hostile_site):
    """(name, site root URL) over HTTP and from file://, for documents that carry no CSP of their own."""
    base = request.getfixturevalue("hostile_http") if request.param == "http" else hostile_site.as_uri() + "/"
    return request.param, base


def csp(driver, name):
    """Enforces the pages' CSP, or bypasses it in the http-no-csp mode."""
    driver.execute_cdp_cmd("Page.setBypassCSP", {"enabled": name == "http-no-csp"})


# Helpers

def dismiss_dialogs(driver, findings, page):
    """A real dialog means a payload ran past the trap: record it and close it."""
    while True:
        try:
            alert = driver.switch_to.alert
        except NoAlertPresentException:
            return
        findings.append((page, f"real dialog: {alert.text!r}"))
        alert.dismiss()


def hits_in_log(driver):
    """What the trap recorded since the last call, each as a finding's text."""
    hits = []
    for entry in driver.get_log("browser"):
        if MARK not in entry["message"]:
            continue
        what = entry["message"].split(MARK, 1)[1].strip().rstrip('"')
        if what.startswith("csp-violation("):
            hits.append("blocked by CSP (something injected tried to run or load): " + what)
        else:
            hits.append("executed: " + what)
    return hits


def visit(driver, url, page, findings, settle=0.15):
    """Opens `url`, lets handlers fire, and records every trapped call and dialog."""
    try:
        driver.get(url)
        time.sleep(settle)
        dismiss_dialogs(driver, findings, page)
    except UnexpectedAlertPresentException as e:
        findings.append((page, f"real dialog: {e.alert_text!r}"))
        dismiss_dialogs(driver, findings, page)
    except TimeoutException:
        findings.append((page, "page load timed out"))
    for message in hits_in_log(driver):
        findings.append((page, message))


def check_dom(driver, roots, page, findings, scope=None):
    """Records what the DOM (or the part of it `scope` selects; the scripts are always checked)
    should never hold, then fires every inline handler left in the page."""
    try:
        for finding in driver.execute_script(DOM_CHECK, roots, scope):
            findings.append((page, "DOM: " + finding))
        if driver.execute_script(FIRE_HANDLERS):
            time.sleep(0.05)
            dismiss_dialogs(driver, findings, page)
            for message in hits_in_log(driver):
                findings.append((page, "when its inline handlers' events fired, " + message))
    except UnexpectedAlertPresentException as e:
        findings.append((page, f"real dialog: {e.alert_text!r}"))
        dismiss_dialogs(driver, findings, page)
    except WebDriverException as e:
        findings.append((page, f"DOM check failed: {e.msg}"))


def html_pages(site):
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))


def page_url(base, path):
    return base + urllib.parse.quote(path)


# Tests

def test_the_hostile_fixture_builds_without_crashing(hostile_site):
    pages = html_pages(hostile_site)
    # Each hostile area reaches a page of its own, so the payloads are actually shown.
    for expected in ["services/webapp/index.html", "operations/guides/markdown-torture/index.html",
                     "operations/runbooks/hostile-runbook/index.html", "architecture/diagrams/index.html",
                     "reference/port-registry/index.html", "alerts/HostileCovered/index.html",
                     "architecture/decisions/ADR-002-madr-hostile/index.html", "ports/index.html",
                     "network/index.html", "environments/index.html", "backups/index.html", "404.html"]:
        assert expected in pages, expected
    assert len(pages) >= 60, len(pages)


def test_no_payload_runs_on_any_page(mode, trapped, hostile_site):
    name, base = mode
    driver = trapped
    csp(driver, name)
    pages = html_pages(hostile_site)
    base_url = configured_base_url()
    findings = []
    started = time.monotonic()
    for path in pages:
        url = page_url(base, path)
        page_findings = []
        visit(driver, url, path, page_findings)
        if urllib.parse.unquote(driver.current_url.split("#")[0]) != urllib.parse.unquote(url):
            page_findings.append((path, f"navigated away to {driver.current_url!r}"))
        if path == "404.html":
            # The 404 page is served at any missing address, so it names its assets by base_url
            # (which the policy's 'self' only matches on the site's own host): those may be
            # blocked here, and its scripts do not run away from that host.
            parts = urllib.parse.urlsplit(base_url)
            blocked = f" {parts.scheme}://{parts.netloc}/"
            page_findings = [(p, w) for p, w in page_findings if not (w.startswith("blocked by CSP") and blocked in w)]
            # Almanac rejects this fixture's hostile base_url (quotes and markup in it), so the
            # 404 page names its assets from the server's root instead.
            check_dom(driver, [base, base_url, "/"], path, page_findings)
        else:
            check_dom(driver, [base], path, page_findings)
            # The site's own scripts still run (CSP lets them, the payloads did not break them).
            try:
                if driver.execute_script("return typeof window.almanacSearch") != "function":
                    page_findings.append((path, "the site's search script did not run"))
            except WebDriverException as e:
                page_findings.append((path, f"script check failed: {e.msg}"))
        findings.extend(dict.fromkeys(page_findings))
    elapsed = time.monotonic() - started
    print(f"\n[{name}] {len(pages)} pages opened in {elapsed:.1f} s, {len(findings)} findings")
    assert not findings, f"[{name}] {len(findings)} findings on {len({p for p, _ in findings})} of {len(pages)} pages:\n" + explain(findings)


HOSTILE_QUERIES = [
    "<img src=x onerror=alert(1001)>",
    "\"><svg onload=alert(1002)>",
    "</title><script>alert(1003)</script>",
    "javascript:alert(1004)",
    "{{x}} {{{x}}}",
    "script",
    "alert",
    "onerror",
    "webapp",
    "hostile",
    "\u2028\");alert(1005);//",
]


def test_header_search_with_hostile_queries(mode, trapped):
    name, base = mode
    driver = trapped
    csp(driver, name)
    findings = []
    for query in HOSTILE_QUERIES:
        page = f"index.html, header box: {query!r}"
        visit(driver, page_url(base, "index.html"), page, findings, settle=0)
        box = driver.find_element(By.ID, "site-search-input")
        box.send_keys(query)
        try:
            WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#site-search-results .search-all"))
        except TimeoutException:
            findings.append((page, "the dropdown never showed: " + driver.find_element(By.CSS_SELECTOR, "header [role=status], #site-search-status, body").text[:200]))
        time.sleep(0.2)
        for message in hits_in_log(driver):
            findings.append((page, message))
        check_dom(driver, [base], page, findings, scope="#site-search-results")
        links = driver.execute_script("return Array.from(document.querySelectorAll('#site-search-results a')).map(a => a.href)")
        for link in links:
            if not link.startswith(base):
                findings.append((page, f"result link outside the site: {link!r}"))
        # Enter without a selection submits the form to the search page.
        box.send_keys(Keys.ESCAPE)
        box.send_keys(Keys.ENTER)
        try:
            WebDriverWait(driver, 10).until(lambda d: "search/index.html" in d.current_url)
        except TimeoutException:
            findings.append((page, f"Enter did not open the search page: {driver.current_url!r}"))
        time.sleep(0.3)
        for message in hits_in_log(driver):
            findings.append((page + " → search page", message))
        check_dom(driver, [base], page + " → search page", findings, scope="main")
    assert not findings, f"[{name}]\n" + explain(findings)


def test_search_page_with_hostile_queries_and_filters(mode, trapped):
    name, base = mode
    driver = trapped
    csp(driver, name)
    findings = []
    extras = ["", "&kind=<script>alert(1010)</script>", "&category=\"><img src=x onerror=alert(1011)>",
              "&kind=service&category=apps/we ird \"<>'&#?% cat"]
    # Every query alone; the hostile filters with a few of them.
    for query, extra in [(q, "") for q in HOSTILE_QUERIES] + [(q, e) for q in HOSTILE_QUERIES[:3] + ["alert"] for e in extras[1:]]:
        if True:
            params = "q=" + urllib.parse.quote(query) + "&".join([""] + [urllib.parse.quote(p, safe="=") for p in extra.split("&")[1:]])
            page = f"search/index.html?{params}"
            visit(driver, base + page, page, findings, settle=0)
            try:
                WebDriverWait(driver, 10).until(
                    lambda d: "result" in d.find_element(By.CSS_SELECTOR, "[data-search-status]").text)
            except TimeoutException:
                findings.append((page, "the search page never showed a result count"))
            status = driver.find_element(By.CSS_SELECTOR, "[data-search-status]").text
            if "unavailable" in status:
                findings.append((page, f"search broke: {status!r}"))
            time.sleep(0.2)
            # Show every hit, so every title and snippet is drawn.
            for _ in range(10):
                more = driver.find_elements(By.CSS_SELECTOR, "[data-search-more]:not([hidden])")
                if not more:
                    break
                more[0].click()
                time.sleep(0.2)
            for message in hits_in_log(driver):
                findings.append((page, message))
            check_dom(driver, [base], page, findings, scope="main")
            links = driver.execute_script("return Array.from(document.querySelectorAll('.search-result a')).map(a => a.href)")
            for link in links:
                if not link.startswith(base):
                    findings.append((page, f"result link outside the site: {link!r}"))
    # The hostile pages are found (every index part loaded and parsed), so their titles and
    # snippets were drawn above.
    for query, page in [("alert", ""), ("1601", "Torture"), ("1607", "Torture"), ("webapp", "webapp")]:
        visit(driver, base + "search/index.html?q=" + query, "search/index.html?q=" + query, findings)
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".search-result"))
        titles = [a.text for a in driver.find_elements(By.CSS_SELECTOR, ".search-result .sr-title a")]
        assert any(page in title for title in titles), (query, titles)
    assert not findings, f"[{name}]\n" + explain(findings)


def test_published_svg_files_run_nothing_when_opened_directly(transport, trapped, hostile_site):
    """SVGs the site copies (documents' images, diagrams) open on their own, outside any page's
    CSP: loading them and clicking their links must run nothing."""
    name, base = transport
    driver = trapped
    csp(driver, name)
    findings = []
    svgs = sorted(str(p.relative_to(hostile_site)) for p in hostile_site.rglob("*.svg"))
    assert svgs
    for path in svgs:
        url = page_url(base, path)
        visit(driver, url, path, findings, settle=0.2)
        check = driver.execute_script("""
          const out = [];
          for (const el of document.querySelectorAll('*')) {
            for (const a of Array.from(el.attributes)) {
              if (a.name.toLowerCase().startsWith('on')) out.push('event handler ' + a.name + ' on ' + el.tagName);
            }
            if (['script', 'foreignObject', 'iframe', 'embed', 'object'].includes(el.tagName)) out.push('<' + el.tagName + '>');
          }
          return out;""")
        findings.extend((path, "DOM: " + c) for c in check)
        anchors = len(driver.find_elements(By.CSS_SELECTOR, "a"))
        for i in range(anchors):
            driver.get(url)
            time.sleep(0.3)  # let SMIL animations (animate/set on href) apply
            anchor = driver.find_elements(By.CSS_SELECTOR, "a")[i]
            href = driver.execute_script("const a = arguments[0]; return a.href && a.href.animVal !== undefined ? a.href.animVal : a.getAttribute('href')", anchor)
            try:
                driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true, view: window}))", anchor)
                time.sleep(0.2)
                dismiss_dialogs(driver, findings, path)
            except UnexpectedAlertPresentException as e:
                findings.append((path, f"real dialog after a click: {e.alert_text!r}"))
                dismiss_dialogs(driver, findings, path)
            for message in hits_in_log(driver):
                findings.append((path, f"after clicking link {i} (href {href!r}), " + message))
    assert not findings, f"[{name}]\n" + explain(findings)
