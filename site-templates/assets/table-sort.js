// Almanac — sortable tables (table[data-sortable]): a column header becomes a button that sorts
// the rows by that column, ascending then descending. Cells may carry data-sort with the value
// to sort by. Tables keep their written order without this file.
(function () {
  "use strict";
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var key = function (cell) {
    if (!cell) return "";
    var value = cell.getAttribute("data-sort");
    if (value === null) value = cell.textContent.trim();
    return value.toLowerCase();
  };
  var compare = function (x, y) {
    var a = Number(x), b = Number(y);
    if (x !== "" && y !== "" && !isNaN(a) && !isNaN(b)) return a - b;
    return x < y ? -1 : x > y ? 1 : 0;
  };
  each(document.querySelectorAll("table[data-sortable]"), function (table) {
    var headers = table.querySelectorAll("thead th");
    var body = table.tBodies[0];
    each(body.rows, function (row, index) { row.setAttribute("data-order", index); });
    each(headers, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        each(headers, function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var result = compare(key(a.cells[column]), key(b.cells[column]));
          if (result === 0) result = a.getAttribute("data-order") - b.getAttribute("data-order");
          return ascending ? result : -result;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
