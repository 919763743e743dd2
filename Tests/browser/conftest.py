"""Fixtures for the browser suite: the sample site built once, served over HTTP under /docs/,
and one headless Chromium driven through Debian's chromedriver (nothing downloaded)."""
import http.server
import os
import pathlib
import shutil
import subprocess
import tempfile
import threading

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCREENSHOTS = pathlib.Path(__file__).resolve().parent / "screenshots"


@pytest.fixture(scope="session")
def site():
    """Builds content/ with the almanac binary into a temporary folder: <tmp>/docs/."""
    binary = os.environ.get("ALMANAC", str(ROOT / ".build" / "debug" / "almanac"))
    work = pathlib.Path(tempfile.mkdtemp(prefix="almanac-browser-"))
    out = work / "docs"
    result = subprocess.run([binary, "build", str(ROOT / "content"), "--out", str(out), "--quiet"],
                            capture_output=True, text=True)
    # Exit 1 means findings (the sample repo has planted flaws); the site is written anyway.
    assert result.returncode in (0, 1), result.stderr
    assert (out / "index.html").exists()
    yield out
    shutil.rmtree(work, ignore_errors=True)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def http_base(site):
    """Serves the site's parent folder on 127.0.0.1 at a free port: the site lives under /docs/."""
    handler = lambda *args, **kwargs: QuietHandler(*args, directory=str(site.parent), **kwargs)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/docs/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session", params=["http", "file"])
def base(request, site):
    """The site's root URL, once over HTTP under /docs/ and once from file://."""
    if request.param == "http":
        return request.getfixturevalue("http_base")
    return site.as_uri() + "/"


@pytest.fixture(scope="session")
def driver():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--hide-scrollbars", "--window-size=1280,1000", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    browser = webdriver.Chrome(options=options, service=service)
    browser.set_page_load_timeout(30)
    yield browser
    browser.quit()


@pytest.fixture(scope="session")
def screenshots():
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
