// Almanac — status and severity filters for the ADR and alert tables. Without this file every
// row is shown and the filter buttons stay hidden.
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("[data-chip-filter]"), function (filter) {
    var table = document.getElementById(filter.getAttribute("data-chip-filter"));
    if (!table) return;
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-chip]"));
    var buttons = Array.prototype.slice.call(filter.querySelectorAll("button[data-value]"));
    filter.hidden = false;
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        var value = button.getAttribute("data-value");
        buttons.forEach(function (other) { other.setAttribute("aria-pressed", other === button ? "true" : "false"); });
        rows.forEach(function (row) {
          var values = row.getAttribute("data-chip").split(" ");
          row.hidden = value !== "" && values.indexOf(value) === -1;
        });
      });
    });
  });
})();
