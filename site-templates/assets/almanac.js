// Almanac — small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  // On a phone the section bar scrolls sideways: bring the current section into view.
  var current = document.querySelector(".site-nav a[aria-current='page']");
  if (current) {
    var bar = current.closest("ul");
    if (bar && bar.scrollWidth > bar.clientWidth) {
      bar.scrollLeft = Math.max(0, current.offsetLeft - bar.offsetLeft - bar.clientWidth / 3);
    }
  }
  // Catalog filter: narrows the service tables as you type.
  var filter = document.querySelector("[data-filter]");
  if (filter) {
    filter.hidden = false;
    var input = filter.querySelector("input");
    var counter = filter.querySelector("[data-filter-count]");
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-search]"));
    var sections = Array.prototype.slice.call(document.querySelectorAll("[data-category]"));
    var apply = function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.getAttribute("data-search");
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        row.hidden = !match;
        if (match) shown++;
      });
      sections.forEach(function (section) {
        section.hidden = !section.querySelector("tr[data-search]:not([hidden])");
      });
      counter.textContent = words.length ? shown + " of " + rows.length : "";
    };
    input.addEventListener("input", apply);
  }
})();
