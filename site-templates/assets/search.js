// Almanac search. The index is built with the site under assets/search/: a manifest, term
// shards by prefix, one fragment per page and a facets file. Each part is a script calling
// almanacSearch(), so it loads over HTTP under any base path and from file:// alike.
// Pages work without this file: the search box is a plain GET form to search/index.html.
(() => {
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
    // A fragment file holds several consecutive pages, the first numbered `key`.
    if (type === "pages") { value.forEach((page, i) => { register("page", key + i, page); }); return; }
    if (type === "manifest") value.shards = value.shards.split(" ");
    if (type === "manifest" || type === "facets") data[type] = value; else data[type][key] = value;
    var list = waits[type + key] || [];
    delete waits[type + key];
    list.forEach(w => { w[0](value); });
  }

  var requested = {};
  function load(type, key) {
    var have = key === "" ? data[type] : data[type][key];
    if (have) return Promise.resolve(have);
    var group = (data.manifest && data.manifest.group) || 1;
    var name = key === "" ? type + ".js" : type === "shard" ? "t/" + key + ".js" : "p/" + Math.floor(key / group) + ".js";
    var keys = type === "page" ? Array.from({ length: group }, (_, i) => Math.floor(key / group) * group + i) : [key];
    return new Promise((resolve, reject) => {
      var id = type + key;
      (waits[id] = waits[id] || []).push([resolve, reject]);
      if (requested[name]) return;
      requested[name] = true;
      var s = document.createElement("script");
      s.src = base + name + (data.manifest ? "?v=" + data.manifest.version : "");
      s.onload = s.onerror = () => {
        s.remove();
        delete requested[name];
        keys.forEach(k => {
          var left = waits[type + k];
          delete waits[type + k];
          (left || []).forEach(w => { w[1](new Error("search index part missing: " + name)); });
        });
      };
      document.head.appendChild(s);
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
    if (pieces.length > 1) pieces.forEach(p => add(p.toLowerCase(), out));
  }
  // The terms of one word; ip marks an address (its second term is the /24 prefix).
  function wordTerms(w) {
    var out = [], m = IP.exec(w);
    if (m && m.slice(1).every(o => +o <= 255)) {
      add(w, out);
      add(m.slice(1, 4).join("."), out);
      return { terms: out, ip: true };
    }
    var parts = w.split(JOIN).filter(Boolean);
    if (parts.length > 1) {
      add(w.toLowerCase(), out);
      parts.forEach(p => { if (!DIGITS.test(p)) camel(p, out); });
    } else camel(w, out);
    return { terms: out, ip: false };
  }
  function words(text) {
    var out = [], m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) {
      var w = m[0].replace(LEAD, "");
      if (w.replace(TRAIL, "")) out.push({ w: w.replace(TRAIL, ""), at: m.index + m[0].length - w.length });
    }
    return out;
  }
  function tokenize(text) {
    return words(text).reduce((all, x) => all.concat(wordTerms(x.w).terms), []);
  }

  // A query is a list of units (one a word); a unit matches when one of its alternatives does:
  // the whole word, or all of its parts (CertificateRenewalFailure, or certificate+renewal+failure).
  function parse(q) {
    var units = [], seen = new Set();
    words(q).forEach(x => {
      var r = wordTerms(x.w), t = r.terms, whole = x.w.toLowerCase();
      if (!t.length || seen.has(whole)) return;
      seen.add(whole);
      var alts = t[0] === whole ? [[whole]] : [];
      var rest = r.ip ? [] : Array.from(new Set(t.filter(p => p !== whole)));
      if (rest.length) alts.push(rest);
      units.push({ alts: alts });
    });
    return units;
  }

  function shardsFor(t, family) {
    var keys = data.manifest.shards, out = [], best = -1, len = 0, p = family ? Array.from(t).slice(0, 2).join("") : t;
    keys.forEach((k, i) => {
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
    shards.forEach(i => {
      var s = data.shard[i];
      Object.keys(s).forEach(term => {
        var q = 0;
        if (!typos) q = term === t ? 1 : term.startsWith(t) ? 0.5 + 0.25 * t.length / term.length : 0;
        else if (term[0] === t[0]) {
          var d = dist(t, term, max), p = dist(t, term.slice(0, t.length), max); // whole term, or its start
          if (d <= max) q = d === 1 ? 0.35 : 0.25; else if (p <= max) q = p === 1 ? 0.3 : 0.2;
        }
        if (q) out.push([term, q, s[term]]);
      });
    });
    return out;
  }

  var VAL = [];
  Array.from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/").forEach((c, i) => VAL[c.charCodeAt(0)] = i);
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
    var all = Array.from(new Set(flat(units.map(u => flat(u.alts)))));
    function loadAll(list) { return Promise.all(list.map(i => load("shard", i))); }
    return load("manifest", "").then(() => {
      return loadAll(Array.from(new Set(flat(all.map(t => shardsFor(t))))));
    }).then(() => {
      var missing = all.filter(t => {
        hitsOf[t] = matches(t, shardsFor(t), false);
        return !hitsOf[t].length && Array.from(t).length >= 5;
      });
      return loadAll(Array.from(new Set(flat(missing.map(t => shardsFor(t, true)))))).then(() => {
        missing.forEach(t => { hitsOf[t] = matches(t, shardsFor(t, true), true); });
      });
    }).then(() => {
      var maps = units.map(u => unitMap(u, hitsOf, terms));
      var hits = [];
      maps[0].forEach((v, doc) => {
        var score = 0, sections = [];
        for (var i = 0; i < maps.length; i++) {
          var m = maps[i].get(doc);
          if (!m) return;
          score += m[0];
          sections.push(m[1] >> 3);
        }
        hits.push({ doc: doc, score: score, section: mode(sections) });
      });
      hits.sort((a, b) => b.score - a.score || a.doc - b.doc);
      return { hits: hits, terms: terms };
    });
  }
  function termMap(t, hitsOf, terms) {
    var m = new Map();
    hitsOf[t].forEach(h => {
      terms.add(h[0]);
      postings(h[2], (doc, code) => {
        var s = FIELD[code & 7] * h[1], c = m.get(doc);
        if (!c || c[0] < s) m.set(doc, [s, code]);
      });
    });
    return m;
  }
  function unitMap(u, hitsOf, terms) {
    var best = new Map();
    u.alts.forEach(alt => {
      var maps = alt.map(t => termMap(t, hitsOf, terms));
      maps[0].forEach((v, doc) => {
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
  function flat(lists) { return [].concat.apply([], lists); }
  function mode(list) {
    var count = {}, best = 0, top = 0;
    list.forEach(s => { if (s) { count[s] = (count[s] || 0) + 1; if (count[s] > top) { top = count[s]; best = s; } } });
    return best;
  }

  // A result's link, title, heading and snippet, built as DOM nodes (never HTML from text).
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function attrs(e, map) {
    Object.keys(map).forEach(k => { e.setAttribute(k, map[k]); });
    return e;
  }
  function snippet(text, terms, size) {
    var clipped = /…$/.test(text); // the index clips long sections
    if (clipped) text = text.slice(0, -1);
    var marks = words(text).filter(x => { return wordTerms(x.w).terms.some(t => terms.has(t)); });
    var start = 0, out = document.createDocumentFragment();
    if (marks.length && marks[0].at > size / 3) {
      start = text.indexOf(" ", marks[0].at - Math.floor(size / 4)) + 1;
      if (!start || start > marks[0].at) start = marks[0].at;
    }
    var end = Math.min(text.length, start + size), pos = start;
    if (end < text.length && text.lastIndexOf(" ", end) > start) end = text.lastIndexOf(" ", end);
    if (start > 0) out.append("…");
    marks.forEach(x => {
      if (x.at < pos || x.at + x.w.length > end) return;
      out.append(text.slice(pos, x.at), el("mark", "", x.w));
      pos = x.at + x.w.length;
    });
    out.append(text.slice(pos, end) + (end < text.length || clipped ? "…" : ""));
    return out;
  }
  function describe(hit, terms) {
    return load("page", hit.doc).then(p => {
      var s = p.s[hit.section] || p.s[0];
      return {
        url: root + p.u + (s[0] ? "#" + encodeURIComponent(s[0]) : ""), title: p.t, kind: KINDS[p.k] || p.k,
        category: p.c, heading: s[1], text: s[2] || (p.s[1] || ["", "", ""])[2], terms: terms,
      };
    });
  }

  function debounce(fn, ms) {
    var timer;
    return () => { clearTimeout(timer); timer = setTimeout(fn, ms); };
  }
  var header = document.getElementById("site-search-input");
  document.addEventListener("keydown", e => {
    var at = document.activeElement, target = document.getElementById("search-page-input") || header;
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || !target || at.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(at.tagName)) return;
    e.preventDefault();
    target.focus();
    target.select();
  });
  if (header) dropdown(header);

  // The header box: a combobox whose listbox holds the top hits.
  function dropdown(input) {
    var form = input.form, active = -1, seq = 0, items = [];
    var list = attrs(el("ul", "search-dropdown"), { id: "site-search-results", role: "listbox", "aria-label": "Search results" });
    var live = attrs(el("p", "visually-hidden"), { role: "status", "aria-live": "polite" });
    list.hidden = true;
    form.append(list, live);
    attrs(input, { role: "combobox", "aria-autocomplete": "list", "aria-controls": list.id, "aria-expanded": "false" });
    function show(open) {
      list.hidden = !open;
      input.setAttribute("aria-expanded", String(open));
      if (!open) { input.removeAttribute("aria-activedescendant"); active = -1; }
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
    var update = debounce(() => {
      var q = input.value.trim(), mine = ++seq;
      if (!q) { show(false); live.textContent = ""; return; }
      run(q).then(r => {
        return Promise.all(r.hits.slice(0, 8).map(h => describe(h, r.terms))).then(shown => {
          if (mine !== seq) return;
          function option(id, cls, href, parts) {
            var li = attrs(el("li", "search-option " + cls), { id: "site-search-option-" + id, role: "option" });
            var a = attrs(el("a", ""), { href: href, tabindex: "-1" });
            a.append.apply(a, parts);
            li.append(a);
            list.append(li);
            return li;
          }
          list.textContent = "";
          items = shown.map((d, i) => {
            var p = el("span", "sr-snippet");
            p.append(snippet(d.text, d.terms, 110));
            return option(i, "", d.url, [el("span", "sr-title", d.title), el("span", "tag", d.kind), d.heading ? el("span", "sr-heading", d.heading) : "", p]);
          });
          var n = r.hits.length;
          items.push(option("all", "search-all", form.action + "?q=" + encodeURIComponent(q), [(n ? "All " + n : "No") + " results for “" + q + "”"]));
          show(true);
          live.textContent = n + (n === 1 ? " result" : " results");
        });
      }).catch(e => { if (mine === seq) { live.textContent = "Search is unavailable: " + e.message; } });
    }, 80);
    input.addEventListener("input", update);
    input.addEventListener("focus", () => { if (input.value.trim() && items.length) show(true); });
    input.addEventListener("keydown", e => {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (!items.length || !input.value.trim()) return;
        e.preventDefault();
        if (list.hidden) show(true); else select(active + (e.key === "ArrowDown" ? 1 : -1));
      } else if (e.key === "Enter" && active >= 0 && !list.hidden) {
        e.preventDefault();
        location.href = items[active].querySelector("a").href;
      } else if (e.key === "Escape") {
        if (list.hidden) input.value = ""; else { e.preventDefault(); show(false); } // first close, then clear
      }
    });
    list.addEventListener("mousedown", e => { e.preventDefault(); });
    input.addEventListener("blur", () => { show(false); });
  }

  // For search-page.js and the browser tests.
  register.tokenize = tokenize;
  register.run = run;
  register.ui = { load: load, describe: describe, snippet: snippet, el: el, debounce: debounce, KINDS: KINDS };
})();
