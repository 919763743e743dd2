"""Measures what a search loads: for each query, the index files the browser fetched (manifest,
shards, page fragments, facets) with their bytes as stored and gzipped, for the header dropdown
(top 8 hits) and the search page (first 20 hits and the facets). Not a test: a report.

    Tests/browser/.venv/bin/python Tests/browser/measure_search.py SITE_DIR [QUERY ...]
"""
import gzip
import http.server
import os
import pathlib
import sys
import threading
import urllib.parse

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

QUERIES = ["10.10.0.201", "CertificateRenewalFailure", "postgres backup"]


def serve(directory):
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=directory, **k)
    handler.log_message = lambda *a: None
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def index_size(site):
    files = [p for p in (site / "assets" / "search").rglob("*") if p.is_file()]
    raw = sum(p.stat().st_size for p in files)
    packed = sum(len(gzip.compress(p.read_bytes(), 6)) for p in files)
    return len(files), raw, packed


def loaded(driver, site):
    names = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/assets/search/'))")
    paths = sorted({urllib.parse.urlparse(n).path.split("/assets/search/", 1)[1] for n in names})
    data = [(site / "assets" / "search" / p).read_bytes() for p in paths]
    return paths, sum(len(d) for d in data), sum(len(gzip.compress(d, 6)) for d in data)


def main():
    site = pathlib.Path(sys.argv[1]).resolve()
    queries = sys.argv[2:] or QUERIES
    server = serve(str(site))
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]:
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")))
    count, raw, packed = index_size(site)
    manifest = (site / "assets" / "search" / "manifest.js").read_text()
    pages = int(manifest.split('"pages":', 1)[1].split(",", 1)[0])
    print(f"index: {count} files, {raw / 1000:.1f} kB on disk ({packed / 1000:.1f} kB gzipped), {pages} pages")
    script = site / "assets" / "search.js"
    print(f"search.js: {script.stat().st_size / 1000:.1f} kB ({len(gzip.compress(script.read_bytes(), 6)) / 1000:.1f} kB gzipped)")
    print("| query | where | hits | files | kB raw | kB gzip |")
    print("| --- | --- | --- | --- | --- | --- |")
    try:
        for query in queries:
            driver.get(base + "index.html")
            box = driver.find_element(By.ID, "site-search-input")
            box.send_keys(query)
            WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#site-search-results .search-all"))
            hits = driver.find_element(By.CSS_SELECTOR, "#site-search-results .search-all").text.split(" ")[1]
            paths, raw, packed = loaded(driver, site)
            shards = sum(1 for p in paths if p.startswith("t/"))
            print(f"| `{query}` | dropdown | {hits} | {len(paths)} ({shards} shards) | {raw / 1000:.1f} | {packed / 1000:.1f} |")
            driver.get(base + "search/index.html?q=" + urllib.parse.quote(query))
            WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".search-result"))
            paths, raw, packed = loaded(driver, site)
            shards = sum(1 for p in paths if p.startswith("t/"))
            print(f"| `{query}` | search page | {hits} | {len(paths)} ({shards} shards) | {raw / 1000:.1f} | {packed / 1000:.1f} |")
    finally:
        driver.quit()
        server.shutdown()


if __name__ == "__main__":
    main()
