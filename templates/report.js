(function () {
  "use strict";
  // Filters, chart shortcuts and sorting. Reads data-* attributes and text only; writes nothing
  // but textContent, `hidden`, classes and aria attributes (never HTML). Without script the page
  // shows every group (expandable natively) and every finding.
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var form = document.getElementById("filters");
  var shown = document.getElementById("shown");
  var noMatch = document.getElementById("no-match");
  var clean = document.getElementById("clean");
  var ruleSelect = document.getElementById("rule-filter");
  var textInput = document.getElementById("text-filter");
  var bars = Array.prototype.slice.call(document.querySelectorAll("#chart .bar"));
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  var rank = { error: 3, warning: 2, info: 1 };

  // A group: its element, its member count, its finding rows and (lazily) their lowercased text.
  var groups = Array.prototype.slice.call(document.querySelectorAll(".group")).map(function (el) {
    var paths = el.querySelector(".paths") || el.querySelector(".g-path");
    return {
      el: el,
      members: Number(el.getAttribute("data-members")) || 1,
      rows: Array.prototype.slice.call(el.querySelectorAll("tr.finding")),
      paths: paths ? paths.textContent.toLowerCase() : "",
      text: []
    };
  });
  var cleanItems = clean ? Array.prototype.slice.call(clean.querySelectorAll("li")) : [];
  var totalFindings = 0, totalTargets = 0;
  groups.forEach(function (g) {
    totalFindings += g.rows.length * g.members;
    totalTargets += g.members;
  });

  function plural(n, word) { return n.toLocaleString("en-US") + " " + word + (n === 1 ? "" : "s"); }

  function apply() {
    var severities = {}, narrowed = false;
    each(form.querySelectorAll("input[name=severity]"), function (box) {
      severities[box.value] = box.checked;
      if (!box.checked) { narrowed = true; }
    });
    var rule = ruleSelect.value;
    var query = textInput.value.trim().toLowerCase();
    var findings = 0, targets = 0;
    groups.forEach(function (g) {
      var pathHit = query !== "" && g.paths.indexOf(query) !== -1;
      var visible = 0;
      g.rows.forEach(function (row, i) {
        var ok = severities[row.getAttribute("data-severity")] === true &&
          (!rule || row.getAttribute("data-rule") === rule);
        if (ok && query && !pathHit) {
          if (g.text[i] === undefined) { g.text[i] = row.textContent.toLowerCase(); }
          ok = g.text[i].indexOf(query) !== -1;
        }
        row.hidden = !ok;
        if (ok) { visible += 1; }
      });
      g.el.hidden = visible === 0;
      findings += visible * g.members;
      if (visible) { targets += g.members; }
    });
    var cleanShown = 0;
    if (clean) {
      cleanItems.forEach(function (li) {
        var ok = !rule && !narrowed && (!query || li.textContent.toLowerCase().indexOf(query) !== -1);
        li.hidden = !ok;
        if (ok) { cleanShown += 1; }
      });
      clean.hidden = cleanShown === 0;
      clean.querySelector(".clean-n").textContent = cleanShown === cleanItems.length
        ? cleanItems.length.toLocaleString("en-US")
        : cleanShown.toLocaleString("en-US") + " of " + cleanItems.length.toLocaleString("en-US");
    }
    noMatch.hidden = findings > 0 || cleanShown > 0;
    var many = groups.length > 1 || totalTargets > 1;
    var where = many ? " in " + (targets === totalTargets ? "" : targets.toLocaleString("en-US") + " of ") +
      plural(totalTargets, "failing target") : "";
    shown.textContent = findings === totalFindings
      ? "Showing all " + plural(totalFindings, "finding") + where + "."
      : "Showing " + findings.toLocaleString("en-US") + " of " + plural(totalFindings, "finding") + where + ".";
    bars.forEach(function (bar) {
      bar.classList.toggle("selected", bar.getAttribute("data-rule") === rule);
      bar.classList.toggle("dimmed", rule !== "" && bar.getAttribute("data-rule") !== rule);
    });
    document.body.setAttribute("data-visible", String(findings));
  }

  function sortKey(row, key, index) {
    if (key === "severity") { return rank[row.getAttribute("data-severity")] || 0; }
    return row.children[index].textContent.trim();
  }

  function sortBy(table, th) {
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var key = th.getAttribute("data-key");
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    if (key === "severity" && !th.hasAttribute("aria-sort")) { ascending = false; }
    each(table.querySelectorAll("th[aria-sort]"), function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var sorted = Array.prototype.slice.call(body.rows).sort(function (a, b) {
      var x = sortKey(a, key, index), y = sortKey(b, key, index);
      var order = typeof x === "number" ? x - y : collator.compare(x, y);
      if (order === 0) { return Number(a.getAttribute("data-order")) - Number(b.getAttribute("data-order")); }
      return ascending ? order : -order;
    });
    sorted.forEach(function (row) { body.appendChild(row); });
  }

  each(document.querySelectorAll("table.findings"), function (table) {
    each(table.tBodies[0].rows, function (row, i) { row.setAttribute("data-order", String(i)); });
    each(table.querySelectorAll("th[data-key]"), function (th) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      button.title = "Sort by " + th.textContent.toLowerCase();
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, th); });
    });
  });

  // A printed report shows every group's findings, not only the expanded ones.
  window.addEventListener("beforeprint", function () {
    groups.forEach(function (g) { if (g.el.tagName === "DETAILS") { g.el.open = true; } });
  });

  if (form) {
    form.hidden = false;
    shown.hidden = false;
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    // A bar of the chart selects its rule (a second click shows every rule again).
    bars.forEach(function (bar) {
      bar.addEventListener("click", function (event) {
        event.preventDefault();
        var code = bar.getAttribute("data-rule");
        ruleSelect.value = ruleSelect.value === code ? "" : code;
        apply();
      });
    });
    apply();
  }
}());
