// Almanac search. The index is built with the site under assets/search/: a manifest, term
// shards by prefix, one fragment per page and a facets file. Each part is a script calling
// almanacSearch(), so it loads over HTTP under any base path and from file:// alike.
// Pages work without this file: the search box is a plain GET form to search/index.html.
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me) return;
  var root = me.src.replace(/assets\/search\.js([?#].*)?$/, "");
  var base = root + "assets/search/";
  // Keep equal to SearchTokenizer.stopWords (a Swift test compares them).
  var STOP = new Set("a an and are as at be by for from has have if in into is it its of on or so than that the then there these this to was were when which will with".split(" "));
  var FIELD = [1, 3, 6, 10, 14]; // body, heading, keyword, title, one-word title
  var KINDS = { service: "Service", runbook: "Runbook", alert: "Alert", adr: "ADR", doc: "Doc", page: "Page" };
  var data = { manifest: null, facets: null, shard: {}, page: {} };
  var waits = {};
  window.almanacSearch = register;

  function register(type, key, value) {
    if (value === undefined) { value = key; key = ""; }
    if (type === "manifest" || type === "facets") data[type] = value; else data[type][key] = value;
    var list = waits[type + key] || [];
    delete waits[type + key];
    list.forEach(function (w) { w[0](value); });
  }

  function load(type, key) {
    var have = key === "" ? data[type] : data[type][key];
    if (have) return Promise.resolve(have);
    var id = type + key;
    return new Promise(function (resolve, reject) {
      if (!waits[id]) {
        waits[id] = [];
        var s = document.createElement("script");
        var file = key === "" ? type + ".js" : (type === "shard" ? "t/" : "p/") + key + ".js";
        s.src = base + file + (data.manifest ? "?v=" + data.manifest.version : "");
        s.onload = s.onerror = function () {
          s.remove();
          var left = waits[id];
          delete waits[id];
          (left || []).forEach(function (w) { w[1](new Error("search index part missing: " + file)); });
        };
        document.head.appendChild(s);
      }
      waits[id].push([resolve, reject]);
    });
  }

  // Tokenizer: the same rules as SearchTokenizer.swift.
  var WORD = /[\p{L}\p{N}._-]+/gu, JOIN = /[._-]/, LEAD = /^[._-]+/, TRAIL = /[._-]+$/;
  var UP = /\p{Lu}/u, LO = /\p{Ll}/u, DIGITS = /^[0-9]+$/, IP = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

  function add(t, out) {
    var n = Array.from(t).length;
    if (n >= 2 && n <= 64 && !STOP.has(t) && !(n >= 24 && /^[0-9a-f]+$/.test(t))) out.push(t);
  }
  function camel(w, out) {
    var c = Array.from(w), pieces = [], start = 0;
    for (var i = 1; i < c.length; i++) {
      if ((LO.test(c[i - 1]) && UP.test(c[i])) || (UP.test(c[i - 1]) && UP.test(c[i]) && i + 1 < c.length && LO.test(c[i + 1]))) {
        pieces.push(c.slice(start, i).join(""));
        start = i;
      }
    }
    pieces.push(c.slice(start).join(""));
    add(w.toLowerCase(), out);
    if (pieces.length > 1) pieces.forEach(function (p) { add(p.toLowerCase(), out); });
  }
  // The terms of one word; ip marks an address (its second term is the /24 prefix).
  function wordTerms(w) {
    var out = [], m = IP.exec(w);
    if (m && m.slice(1).every(function (o) { return +o <= 255; })) {
      add(w, out);
      add(m.slice(1, 4).join("."), out);
      return { terms: out, ip: true };
    }
    var parts = w.split(JOIN).filter(Boolean);
    if (parts.length > 1) {
      add(w.toLowerCase(), out);
      parts.forEach(function (p) { if (!DIGITS.test(p)) camel(p, out); });
    } else camel(w, out);
    return { terms: out, ip: false };
  }
  function words(text) {
    var out = [], m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) {
      var lead = m[0].length - m[0].replace(LEAD, "").length, w = m[0].replace(LEAD, "").replace(TRAIL, "");
      if (w) out.push({ w: w, at: m.index + lead });
    }
    return out;
  }
  function tokenize(text) {
    return words(text).reduce(function (all, x) { return all.concat(wordTerms(x.w).terms); }, []);
  }

  // A query is a list of units (one a word); a unit matches when one of its alternatives does:
  // the whole word, or all of its parts (CertificateRenewalFailure, or certificate+renewal+failure).
  function parse(q) {
    var units = [], seen = new Set();
    words(q).forEach(function (x) {
      var r = wordTerms(x.w), t = r.terms, whole = x.w.toLowerCase();
      if (!t.length || seen.has(whole)) return;
      seen.add(whole);
      var alts = t[0] === whole ? [[whole]] : [];
      var rest = r.ip ? [] : Array.from(new Set(t.filter(function (p) { return p !== whole; })));
      if (rest.length) alts.push(rest);
      units.push({ alts: alts });
    });
    return units;
  }

  function shardsFor(t, family) {
    var keys = data.manifest.shards, out = [], best = -1, len = 0, p = family ? Array.from(t).slice(0, 2).join("") : t;
    keys.forEach(function (k, i) {
      if (k.startsWith(p)) out.push(i);
      else if (!family && t.startsWith(k) && k.length > len) { best = i; len = k.length; }
    });
    if (best >= 0) out.push(best);
    return out;
  }

  // Optimal string alignment distance, giving up past `max`.
  function dist(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = [], prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var low = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cur[j] = Math.min(cur[j], prev2[j - 2] + 1);
        low = Math.min(low, cur[j]);
      }
      if (low > max) return max + 1;
      prev2 = prev;
      prev = cur;
    }
    return prev[b.length];
  }

  // Index terms matching t: [term, quality, postings]. Exact and prefix first; typos (one edit
  // from 5 letters, two from 8) only when nothing matches as typed.
  function matches(t, shards, typos) {
    var out = [], max = t.length >= 8 ? 2 : 1;
    shards.forEach(function (i) {
      var s = data.shard[i];
      Object.keys(s).forEach(function (term) {
        var q = 0;
        if (!typos) q = term === t ? 1 : term.startsWith(t) ? 0.5 + 0.25 * t.length / term.length : 0;
        else if (term[0] === t[0]) {
          var d = Math.min(dist(t, term, max), dist(t, term.slice(0, t.length), max));
          if (d <= max) q = d === 1 ? 0.35 : 0.25;
        }
        if (q) out.push([term, q, s[term]]);
      });
    });
    return out;
  }

  var VAL = [];
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".split("").forEach(function (c, i) { VAL[c.charCodeAt(0)] = i; });
  function postings(s, fn) {
    var pos = 0, doc = 0;
    function next() {
      var v = 0, shift = 0, d;
      do { d = VAL[s.charCodeAt(pos++)]; v += (d & 31) * Math.pow(2, shift); shift += 5; } while (d & 32);
      return v;
    }
    while (pos < s.length) { doc += next(); fn(doc, next()); }
  }

  // Runs a query: resolves to {hits: [{doc, score, section}], terms: Set of index terms matched}.
  function run(q) {
    var units = parse(q), hitsOf = {}, terms = new Set();
    if (!units.length) return Promise.resolve({ hits: [], terms: terms });
    var all = Array.from(new Set([].concat.apply([], units.map(function (u) { return [].concat.apply([], u.alts); }))));
    function loadAll(list) { return Promise.all(list.map(function (i) { return load("shard", i); })); }
    return load("manifest", "").then(function () {
      return loadAll(Array.from(new Set([].concat.apply([], all.map(function (t) { return shardsFor(t); })))));
    }).then(function () {
      var missing = all.filter(function (t) {
        hitsOf[t] = matches(t, shardsFor(t), false);
        return !hitsOf[t].length && Array.from(t).length >= 5;
      });
      return loadAll(Array.from(new Set([].concat.apply([], missing.map(function (t) { return shardsFor(t, true); }))))).then(function () {
        missing.forEach(function (t) { hitsOf[t] = matches(t, shardsFor(t, true), true); });
      });
    }).then(function () {
      var maps = units.map(function (u) { return unitMap(u, hitsOf, terms); });
      var hits = [];
      maps[0].forEach(function (v, doc) {
        var score = 0, sections = [];
        for (var i = 0; i < maps.length; i++) {
          var m = maps[i].get(doc);
          if (!m) return;
          score += m[0];
          sections.push(m[1] >> 3);
        }
        hits.push({ doc: doc, score: score, section: mode(sections) });
      });
      hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
      return { hits: hits, terms: terms };
    });
  }
  function termMap(t, hitsOf, terms) {
    var m = new Map();
    hitsOf[t].forEach(function (h) {
      terms.add(h[0]);
      postings(h[2], function (doc, code) {
        var s = FIELD[code & 7] * h[1], c = m.get(doc);
        if (!c || c[0] < s) m.set(doc, [s, code]);
      });
    });
    return m;
  }
  function unitMap(u, hitsOf, terms) {
    var best = new Map();
    u.alts.forEach(function (alt) {
      var maps = alt.map(function (t) { return termMap(t, hitsOf, terms); });
      maps[0].forEach(function (v, doc) {
        var sum = 0, code = v[1];
        for (var j = 0; j < maps.length; j++) {
          var m = maps[j].get(doc);
          if (!m) return;
          sum += m[0];
          if ((m[1] & 7) < (code & 7)) code = m[1];
        }
        var cur = best.get(doc), score = sum / maps.length;
        if (!cur || cur[0] < score) best.set(doc, [score, code]);
      });
    });
    return best;
  }
  // The section most words point to; a section below the top beats the top of the page.
  function mode(list) {
    var count = {}, best = 0, top = 0;
    list.forEach(function (s) { if (s) { count[s] = (count[s] || 0) + 1; if (count[s] > top) { top = count[s]; best = s; } } });
    return best;
  }

  // A result's link, title, heading and snippet, built as DOM nodes (never HTML from text).
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function snippet(text, terms, size) {
    var marks = words(text).filter(function (x) { return wordTerms(x.w).terms.some(function (t) { return terms.has(t); }); });
    var start = 0, out = document.createDocumentFragment();
    if (marks.length && marks[0].at > size / 3) {
      start = marks[0].at - Math.floor(size / 4);
      start = text.indexOf(" ", start) + 1 || start;
      if (start > marks[0].at) start = marks[0].at;
    }
    var end = Math.min(text.length, start + size);
    if (end < text.length) end = text.lastIndexOf(" ", end) > start ? text.lastIndexOf(" ", end) : end;
    var pos = start;
    if (start > 0) out.append("…");
    marks.forEach(function (x) {
      if (x.at < pos || x.at + x.w.length > end) return;
      out.append(text.slice(pos, x.at), el("mark", "", x.w));
      pos = x.at + x.w.length;
    });
    out.append(text.slice(pos, end) + (end < text.length ? "…" : ""));
    return out;
  }
  function describe(hit, terms) {
    return load("page", hit.doc).then(function (p) {
      var s = p.s[hit.section] || p.s[0];
      return {
        url: root + p.u + (s[0] ? "#" + encodeURIComponent(s[0]) : ""), title: p.t, kind: KINDS[p.k] || p.k,
        category: p.c, heading: s[1], text: s[2] || (p.s[1] || ["", "", ""])[2], page: p, terms: terms,
      };
    });
  }

  function debounce(fn, ms) {
    var timer;
    return function () { clearTimeout(timer); timer = setTimeout(fn, ms); };
  }
  function editable(e) {
    return e && (e.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(e.tagName));
  }

  var pageInput = document.getElementById("search-page-input");
  var header = document.getElementById("site-search-input");
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || editable(document.activeElement)) return;
    var target = pageInput || header;
    if (!target) return;
    e.preventDefault();
    target.focus();
    target.select();
  });
  if (header) dropdown(header);
  if (pageInput) searchPage(pageInput);

  // The header box: a combobox whose listbox holds the top hits.
  function dropdown(input) {
    var form = input.form, active = -1, seq = 0, items = [];
    var list = el("ul", "search-dropdown"), live = el("p", "visually-hidden");
    list.id = "site-search-results";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Search results");
    list.hidden = true;
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    form.append(list, live);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function select(i) {
      var n = items.length + 1; // positions -1 (the input itself) to items.length - 1
      if (items[active]) { items[active].classList.remove("active"); items[active].removeAttribute("aria-selected"); }
      active = ((i + 1) % n + n) % n - 1;
      if (active < 0) { input.removeAttribute("aria-activedescendant"); return; }
      items[active].classList.add("active");
      items[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }
    var update = debounce(function () {
      var q = input.value.trim(), mine = ++seq;
      if (!q) { close(); live.textContent = ""; return; }
      run(q).then(function (r) {
        return Promise.all(r.hits.slice(0, 8).map(function (h) { return describe(h, r.terms); })).then(function (shown) {
          if (mine !== seq) return;
          list.textContent = "";
          items = shown.map(function (d, i) {
            var li = el("li", "search-option"), a = el("a", "");
            li.id = "site-search-option-" + i;
            li.setAttribute("role", "option");
            a.href = d.url;
            a.tabIndex = -1;
            a.append(el("span", "sr-title", d.title), el("span", "tag", d.kind));
            if (d.heading) a.append(el("span", "sr-heading", d.heading));
            var p = el("span", "sr-snippet");
            p.append(snippet(d.text, d.terms, 110));
            a.append(p);
            li.append(a);
            list.append(li);
            return li;
          });
          var more = el("li", "search-option search-all"), link = el("a", "", r.hits.length ? "All " + r.hits.length + " results for “" + q + "”" : "No results for “" + q + "”");
          more.id = "site-search-option-all";
          more.setAttribute("role", "option");
          link.href = form.action + "?q=" + encodeURIComponent(q);
          link.tabIndex = -1;
          more.append(link);
          list.append(more);
          items.push(more);
          active = -1;
          list.hidden = false;
          input.setAttribute("aria-expanded", "true");
          live.textContent = r.hits.length + (r.hits.length === 1 ? " result" : " results");
        });
      }).catch(function (e) { if (mine === seq) { live.textContent = "Search is unavailable: " + e.message; } });
    }, 80);
    input.addEventListener("input", update);
    input.addEventListener("focus", function () { if (input.value.trim() && items.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); } });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (list.hidden) return;
        e.preventDefault();
        select(active + (e.key === "ArrowDown" ? 1 : -1));
      } else if (e.key === "Enter" && active >= 0 && !list.hidden) {
        e.preventDefault();
        location.href = items[active].querySelector("a").href;
      } else if (e.key === "Escape") {
        if (list.hidden) input.value = ""; else close();
      }
    });
    list.addEventListener("mousedown", function (e) { e.preventDefault(); });
    input.addEventListener("blur", close);
  }

  // The search page: the query and filters live in the URL (?q=…&kind=…&category=…).
  function searchPage(input) {
    var box = document.querySelector("[data-search-page]"), status = box.querySelector("[data-search-status]");
    var results = box.querySelector("[data-search-results]"), more = box.querySelector("[data-search-more]");
    var facetsBox = box.querySelector("[data-search-facets]"), params = new URLSearchParams(location.search);
    var chosen = { kind: new Set(params.getAll("kind")), category: new Set(params.getAll("category")) };
    var last = null, shown = 0, seq = 0;
    input.value = params.get("q") || "";
    input.form.addEventListener("submit", function (e) { e.preventDefault(); go(); });
    input.addEventListener("input", debounce(go, 120));
    more.addEventListener("click", function () { render(shown + 20); });
    input.addEventListener("keydown", function (e) { if (e.key === "ArrowDown") { e.preventDefault(); step(-1, 1); } });
    results.addEventListener("keydown", function (e) {
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
      ["kind", "category"].forEach(function (f) { Array.from(chosen[f]).sort().forEach(function (v) { p.append(f, v); }); });
      var s = p.toString();
      history.replaceState(null, "", location.pathname + (s ? "?" + s : ""));
    }
    function go() {
      var q = input.value.trim(), mine = ++seq;
      url();
      if (!q) { last = null; results.textContent = ""; facetsBox.textContent = ""; status.textContent = ""; more.hidden = true; return; }
      Promise.all([run(q), load("manifest", "").then(function () { return load("facets", ""); })]).then(function (v) {
        if (mine !== seq) return;
        last = { q: q, r: v[0], f: v[1] };
        render(20);
      }).catch(function (e) { status.textContent = "Search is unavailable: " + e.message; });
    }
    function facetOf(doc, f) {
      var fc = last.f, at = doc * (1 + fc.width);
      return f === "kind" ? fc.kinds[parseInt(fc.pages.substr(at, 1), 36)] : fc.categories[parseInt(fc.pages.substr(at + 1, fc.width), 36)];
    }
    function kept(hit, except) {
      return ["kind", "category"].every(function (f) { return f === except || !chosen[f].size || chosen[f].has(facetOf(hit.doc, f)); });
    }
    function render(count) {
      var hits = last.r.hits.filter(function (h) { return kept(h); }), mine = seq;
      shown = Math.min(count, hits.length);
      status.textContent = hits.length + (hits.length === 1 ? " result" : " results") + " for “" + last.q + "”" + (hits.length < last.r.hits.length ? " (filtered from " + last.r.hits.length + ")" : "");
      facets();
      Promise.all(hits.slice(0, shown).map(function (h) { return describe(h, last.r.terms); })).then(function (list) {
        if (mine !== seq) return;
        results.textContent = "";
        list.forEach(function (d) {
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
    function facets() {
      facetsBox.textContent = "";
      [["kind", "Kind"], ["category", "Category"]].forEach(function (pair) {
        var f = pair[0], counts = new Map();
        last.r.hits.forEach(function (h) { if (kept(h, f)) { var v = facetOf(h.doc, f); counts.set(v, (counts.get(v) || 0) + 1); } });
        chosen[f].forEach(function (v) { if (!counts.has(v)) counts.set(v, 0); });
        if (!counts.size || (counts.size === 1 && counts.has(""))) return;
        var set = el("fieldset", "facet"), legend = el("legend", "", pair[1]);
        set.append(legend);
        Array.from(counts.keys()).sort(function (a, b) { return counts.get(b) - counts.get(a) || (a < b ? -1 : 1); }).forEach(function (v) {
          var label = el("label", ""), box = el("input", "");
          box.type = "checkbox";
          box.name = f;
          box.value = v;
          box.checked = chosen[f].has(v);
          box.addEventListener("change", function () {
            if (box.checked) chosen[f].add(v); else chosen[f].delete(v);
            url();
            render(20);
            var again = facetsBox.querySelector("input[name='" + f + "'][value='" + CSS.escape(v) + "']");
            if (again) again.focus();
          });
          label.append(box, " " + (f === "kind" ? KINDS[v] || v : v || "(none)") + " ", el("span", "count", String(counts.get(v))));
          set.append(label);
        });
        facetsBox.append(set);
      });
    }
    if (input.value.trim()) go();
  }

  // For the browser tests: the tokenizer and the query engine.
  register.tokenize = tokenize;
  register.run = run;
})();
