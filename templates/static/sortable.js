// Sortable tables (table[data-sortable]): each column heading becomes a button; pressing it sorts the rows by
// that column, again to reverse. Without JavaScript the table keeps the order the server wrote.
(function () {
  "use strict";
  function key(cell) {
    var time = cell.querySelector("time[datetime]");
    if (time) return time.getAttribute("datetime");
    var sort = cell.getAttribute("data-sort");
    if (sort !== null) return sort === "" ? Infinity : parseFloat(sort);
    return cell.textContent.trim().toLowerCase();
  }
  function compare(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b));
  }
  function setup(table) {
    var headings = table.tHead.rows[0].cells;
    var body = table.tBodies[0];
    Array.prototype.forEach.call(headings, function (heading, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      button.textContent = heading.textContent;
      heading.replaceChildren(button);
      button.addEventListener("click", function () {
        var ascending = heading.getAttribute("aria-sort") !== "ascending";
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var order = compare(key(a.cells[column]), key(b.cells[column]));
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
        Array.prototype.forEach.call(headings, function (other) { other.removeAttribute("aria-sort"); });
        heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      });
    });
  }
  function start() { document.querySelectorAll("table[data-sortable]").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
