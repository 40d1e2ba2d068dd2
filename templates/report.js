(function () {
  "use strict";
  // Filters and sorting for the findings tables. Reads data-* attributes and text only; writes
  // nothing but textContent, `hidden` and aria attributes (never HTML). Without script the page
  // shows every finding.
  var form = document.getElementById("filters");
  var shown = document.getElementById("shown");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.finding"));

  function apply() {
    var severities = {};
    Array.prototype.forEach.call(form.querySelectorAll("input[name=severity]"), function (box) {
      severities[box.value] = box.checked;
    });
    var rule = document.getElementById("rule-filter").value;
    var query = document.getElementById("text-filter").value.trim().toLowerCase();
    var visible = 0;
    rows.forEach(function (row) {
      var ok = severities[row.getAttribute("data-severity")] === true &&
        (!rule || row.getAttribute("data-rule") === rule) &&
        (!query || row.textContent.toLowerCase().indexOf(query) !== -1);
      row.hidden = !ok;
      if (ok) { visible += 1; }
    });
    Array.prototype.forEach.call(document.querySelectorAll("section.target"), function (section) {
      var none = section.querySelector(".none-shown");
      if (!none) { return; }
      var any = section.querySelector("tr.finding:not([hidden])") !== null;
      none.hidden = any;
      section.querySelector(".table-wrap").hidden = !any;
    });
    shown.textContent = visible === rows.length
      ? "Showing all " + rows.length + " findings."
      : "Showing " + visible + " of " + rows.length + " findings.";
    document.body.setAttribute("data-visible", String(visible));
  }

  function sortKey(row, index) {
    var cell = row.children[index];
    var value = cell.getAttribute("data-sort");
    return value === null ? cell.textContent.trim() : value;
  }

  function sortBy(table, th) {
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    if (th.getAttribute("data-key") === "severity" && !th.hasAttribute("aria-sort")) { ascending = false; }
    Array.prototype.forEach.call(table.querySelectorAll("th[aria-sort]"), function (other) {
      other.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var sorted = Array.prototype.slice.call(body.rows).sort(function (a, b) {
      var x = sortKey(a, index), y = sortKey(b, index);
      var order = x < y ? -1 : x > y ? 1 : 0;
      if (order === 0) {
        order = Number(a.getAttribute("data-order")) - Number(b.getAttribute("data-order"));
        return order;
      }
      return ascending ? order : -order;
    });
    sorted.forEach(function (row) { body.appendChild(row); });
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.findings"), function (table) {
    Array.prototype.forEach.call(table.querySelectorAll("th[data-key]"), function (th) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      button.title = "Sort by " + th.textContent.toLowerCase();
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, th); });
    });
  });

  if (form) {
    form.hidden = false;
    shown.hidden = false;
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    apply();
  }
}());
