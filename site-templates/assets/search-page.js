// Almanac search page: the query and filters live in the URL (?q=…&kind=…&category=…), so
// results can be linked. Uses the engine of search.js, which loads first.
(() => {
  "use strict";
  var input = document.getElementById("search-page-input"), api = window.almanacSearch;
  if (!input || !api || !api.ui) return;
  var run = api.run, ui = api.ui, load = ui.load, describe = ui.describe, snippet = ui.snippet, el = ui.el;
  var debounce = ui.debounce, KINDS = ui.KINDS, PAGE = 10; // results shown per "Show more"
  var box = document.querySelector("[data-search-page]"), status = box.querySelector("[data-search-status]");
  var results = box.querySelector("[data-search-results]"), more = box.querySelector("[data-search-more]");
  var facetsBox = box.querySelector("[data-search-facets]"), params = new URLSearchParams(location.search);
  var chosen = { kind: new Set(params.getAll("kind")), category: new Set(params.getAll("category")) };
  var last = null, shown = 0, seq = 0;
  input.value = params.get("q") || "";
  input.form.addEventListener("submit", e => { e.preventDefault(); go(); });
  input.addEventListener("input", debounce(go, 120));
  more.addEventListener("click", () => { render(shown + PAGE); });
  input.addEventListener("keydown", e => { if (e.key === "ArrowDown") { e.preventDefault(); step(-1, 1); } });
  results.addEventListener("keydown", e => {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    e.preventDefault();
    var links = Array.from(results.querySelectorAll(".sr-title a"));
    var at = links.indexOf(document.activeElement);
    if (at === 0 && e.key === "ArrowUp") input.focus(); else step(at, e.key === "ArrowDown" ? 1 : -1);
  });
  function step(at, by) {
    var links = results.querySelectorAll(".sr-title a"), next = links[Math.max(0, Math.min(links.length - 1, at + by))];
    if (next) next.focus();
  }
  function url() {
    var p = new URLSearchParams(), q = input.value.trim();
    if (q) p.set("q", q);
    ["kind", "category"].forEach(f => { Array.from(chosen[f]).sort().forEach(v => { p.append(f, v); }); });
    var s = p.toString();
    history.replaceState(null, "", location.pathname + (s ? "?" + s : ""));
  }
  function go() {
    var q = input.value.trim(), mine = ++seq;
    url();
    if (!q) { last = null; results.textContent = ""; facetsBox.textContent = ""; status.textContent = ""; more.hidden = true; return; }
    Promise.all([run(q), load("manifest", "").then(() => load("facets", ""))]).then(v => {
      if (mine !== seq) return;
      last = { q: q, r: v[0], f: v[1] };
      render(PAGE);
    }).catch(e => { status.textContent = "Search is unavailable: " + e.message; });
  }
  function facetOf(doc, f) {
    var fc = last.f, at = doc * (1 + fc.width);
    return f === "kind" ? fc.kinds[parseInt(fc.pages.substr(at, 1), 36)] : fc.categories[parseInt(fc.pages.substr(at + 1, fc.width), 36)];
  }
  function kept(hit, except) {
    return ["kind", "category"].every(f => f === except || !chosen[f].size || chosen[f].has(facetOf(hit.doc, f)));
  }
  function render(count) {
    var hits = last.r.hits.filter(h => kept(h)), mine = seq;
    shown = Math.min(count, hits.length);
    status.textContent = hits.length + (hits.length === 1 ? " result" : " results") + " for “" + last.q + "”" + (hits.length < last.r.hits.length ? " (filtered from " + last.r.hits.length + ")" : "");
    facets();
    Promise.all(hits.slice(0, shown).map(h => describe(h, last.r.terms))).then(list => {
      if (mine !== seq) return;
      results.textContent = "";
      list.forEach(d => {
        var li = el("li", "search-result"), h = el("h2", "sr-title"), a = el("a", "", d.title), meta = el("p", "sr-meta"), p = el("p", "sr-snippet");
        a.href = d.url;
        h.append(a);
        meta.append(el("span", "tag", d.kind));
        if (d.category) meta.append(" " + d.category);
        if (d.heading) meta.append(" › " + d.heading);
        p.append(snippet(d.text, d.terms, 220));
        li.append(h, meta, p);
        results.append(li);
      });
      more.hidden = shown >= hits.length;
    });
  }
  // Filters sit in a <details>: open beside the results on wide screens, folded above them on
  // phones; a reader's choice to open or close it is kept while they search.
  var filtersOpen = matchMedia("(min-width: 56rem)").matches || chosen.kind.size + chosen.category.size > 0;
  function facets() {
    facetsBox.textContent = "";
    var fold = el("details", "search-filters"), summary = el("summary", "", "Filter by kind and category");
    fold.open = filtersOpen;
    fold.addEventListener("toggle", () => { filtersOpen = fold.open; });
    fold.append(summary);
    [["kind", "Kind"], ["category", "Category"]].forEach(pair => {
      var f = pair[0], counts = new Map();
      last.r.hits.forEach(h => { if (kept(h, f)) { var v = facetOf(h.doc, f); counts.set(v, (counts.get(v) || 0) + 1); } });
      chosen[f].forEach(v => { if (!counts.has(v)) counts.set(v, 0); });
      if (!counts.size || (counts.size === 1 && counts.has(""))) return;
      var set = el("fieldset", "facet"), legend = el("legend", "", pair[1]);
      set.append(legend);
      Array.from(counts.keys()).sort((a, b) => counts.get(b) - counts.get(a) || (a < b ? -1 : 1)).forEach(v => {
        var label = el("label", ""), box = el("input", "");
        box.type = "checkbox";
        box.name = f;
        box.value = v;
        box.checked = chosen[f].has(v);
        box.addEventListener("change", () => {
          if (box.checked) chosen[f].add(v); else chosen[f].delete(v);
          url();
          render(PAGE);
          var again = facetsBox.querySelector("input[name='" + f + "'][value='" + CSS.escape(v) + "']");
          if (again) again.focus();
        });
        label.append(box, " " + (f === "kind" ? KINDS[v] || v : v || "(none)") + " ", el("span", "count", String(counts.get(v))));
        set.append(label);
      });
      fold.append(set);
    });
    if (fold.children.length > 1) facetsBox.append(fold);
  }
  if (input.value.trim()) go();
})();
