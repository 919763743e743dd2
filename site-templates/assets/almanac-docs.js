// Almanac docs pages — the side navigation starts folded on a phone. Works without this file.
(function () {
  "use strict";
  var nav = document.querySelector("[data-docs-nav]");
  if (nav && window.matchMedia && window.matchMedia("(max-width: 63.99rem)").matches) nav.open = false;
})();
