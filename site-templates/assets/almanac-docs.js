// Almanac docs pages — the side navigation and a long table of contents start folded on a
// phone, so the text comes first. Works without this file (both are then open).
(function () {
  "use strict";
  if (!window.matchMedia || !window.matchMedia("(max-width: 63.99rem)").matches) return;
  var nav = document.querySelector("[data-docs-nav]");
  if (nav) nav.open = false;
  var toc = document.querySelector("[data-docs-toc]");
  if (toc && toc.querySelectorAll("li").length > 6) toc.open = false;
})();
