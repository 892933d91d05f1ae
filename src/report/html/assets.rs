//! The page's inline style and script, and the script's hash for the Content-Security-Policy.

/// The script's CSP hash (`sha256-` and the base64 of SHA-256 over [`SCRIPT`]): a test checks
/// it and prints the new value when the script changes.
pub(super) const SCRIPT_HASH: &str = "sha256-KnCRnH+W2fMjM2EpUE08r7nCgepSBgm2uaGKxTwWbds=";

pub(super) const STYLE: &str = r#"
:root {
  --fg: #1d2433; --muted: #5b6577; --line: #d8dee8; --panel: #f5f7fa; --page: #eaedf2;
  --alert: #b42318; --alert-bg: #fde8e6;
  --warning: #a15c07; --warning-bg: #fdf1d6;
  --notice: #1d5fb8; --notice-bg: #e1ecfb;
  --clean: #12715b; --unknown: #4b5565;
  --mono: ui-monospace, "SFMono-Regular", "Cascadia Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html { background: var(--page); }
body { margin: 0; color: var(--fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif; }
main { max-width: 1400px; margin: 0 auto; padding: 0 24px 24px; }
h1, h2, h3 { margin: 0; }
h2 { font-size: 17px; margin-bottom: 12px; }
h3 { font-size: 15px; margin: 18px 0 8px; }
code { font-family: var(--mono); font-size: 12.5px; overflow-wrap: anywhere; }
.banner { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 16px 32px; padding: 22px max(24px, calc((100% - 1352px) / 2)); color: #fff; background: var(--unknown); }
.banner.verdict-compromised { background: var(--alert); }
.banner.verdict-suspicious { background: var(--warning); }
.banner.verdict-clean { background: var(--clean); }
.brand { font-size: 12px; letter-spacing: .1em; text-transform: uppercase; opacity: .85; }
.verdict-word { font-size: 42px; font-weight: 800; letter-spacing: .04em; line-height: 1.1; margin: 4px 0; }
.banner-sub { margin: 0; font-size: 15px; opacity: .95; overflow-wrap: anywhere; }
.tally { display: flex; flex-wrap: wrap; gap: 10px; margin: 0; padding: 0; list-style: none; }
.tally li { min-width: 92px; padding: 8px 14px; border: 1px solid rgba(255, 255, 255, .35); border-radius: 8px; background: rgba(0, 0, 0, .12); text-align: center; font-size: 12px; text-transform: uppercase; letter-spacing: .05em; }
.tally .n { display: block; font-size: 26px; font-weight: 700; letter-spacing: 0; }
nav.toc { display: flex; flex-wrap: wrap; gap: 6px 18px; padding: 12px 2px 0; }
nav.toc a { color: var(--fg); text-decoration: none; font-weight: 600; }
nav.toc a:hover { text-decoration: underline; }
nav.toc .count { display: inline-block; min-width: 22px; padding: 0 6px; border-radius: 10px; background: #fff; border: 1px solid var(--line); color: var(--muted); font-size: 12px; text-align: center; font-weight: 500; }
section { margin-top: 16px; padding: 16px 20px; border: 1px solid var(--line); border-radius: 10px; background: #fff; }
section > p { margin: 0 0 10px; color: var(--muted); }
.empty { color: var(--muted); font-style: italic; margin: 0; }
.muted { color: var(--muted); }
.problems { margin-top: 16px; padding: 10px 16px; border: 1px solid #e8c77a; border-left: 5px solid var(--warning); border-radius: 8px; background: var(--warning-bg); }
.problems ul { margin: 6px 0 0; padding-left: 20px; }
.problems.incomplete { border-color: #c9ced8; border-left-color: var(--unknown); background: #eef0f4; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 10px; margin: 0; }
.tile { padding: 8px 12px; border: 1px solid var(--line); border-radius: 8px; background: var(--panel); }
.tile dt, .facts dt { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.tile dd { margin: 2px 0 0; overflow-wrap: anywhere; }
.facts { display: grid; grid-template-columns: minmax(9em, max-content) minmax(0, 1fr); gap: 3px 16px; margin: 0 0 8px; }
.facts dt { padding-top: 2px; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
ul.plain { margin: 0; padding: 0; list-style: none; }
table { border-collapse: collapse; }
table.data { width: 100%; }
table.data > thead th { position: sticky; top: 0; z-index: 1; padding: 7px 8px; border-bottom: 2px solid var(--line); background: #fff; color: var(--muted); font-size: 12px; font-weight: 600; text-align: left; text-transform: uppercase; letter-spacing: .04em; white-space: nowrap; }
table.data > tbody > tr > td { padding: 7px 8px; border-top: 1px solid var(--line); vertical-align: top; }
table.data td.path { min-width: 16em; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.negative { color: var(--clean); }
tbody.item > tr.finding > td { border-top: 1px solid #b9c2d0; padding-top: 10px; }
tbody.item > tr.finding > td.path code { font-size: 13.5px; font-weight: 600; }
tbody.item > tr.evidence > td { border-top: none; padding: 2px 8px 14px 34px; }
tr[data-level="alert"] > td:first-child { box-shadow: inset 4px 0 var(--alert); }
tr[data-level="warning"] > td:first-child { box-shadow: inset 4px 0 var(--warning); }
tr[data-level="notice"] > td:first-child { box-shadow: inset 4px 0 var(--notice); }
tr.finding > td:first-child, tr.autostart > td:first-child, tr.artifact > td:first-child { padding-left: 12px; }
.level { display: inline-block; padding: 1px 8px; border: 1px solid currentColor; border-radius: 999px; font-size: 11px; font-weight: 700; letter-spacing: .04em; white-space: nowrap; }
.level-alert { color: var(--alert); background: var(--alert-bg); }
.level-warning { color: var(--warning); background: var(--warning-bg); }
.level-notice { color: var(--notice); background: var(--notice-bg); }
.level-none { color: var(--muted); font-weight: 500; }
.verdict { display: inline-block; padding: 1px 8px; border: 1px solid currentColor; border-radius: 999px; font-size: 12px; font-weight: 700; text-transform: uppercase; white-space: nowrap; }
.card.verdict-compromised .n, span.verdict-compromised { color: var(--alert); }
.card.verdict-suspicious .n, span.verdict-suspicious { color: var(--warning); }
.card.verdict-clean .n, span.verdict-clean { color: var(--clean); }
.card.verdict-unknown .n, span.verdict-unknown { color: var(--unknown); }
td.has-alert { color: var(--alert); font-weight: 700; }
td.has-warning { color: var(--warning); font-weight: 700; }
td.has-notice { color: var(--notice); font-weight: 700; }
.kind { display: inline-block; padding: 0 6px; border-radius: 4px; background: #e9edf3; color: #39445a; font-family: var(--mono); font-size: 11.5px; }
.why > div + div { margin-top: 3px; }
.tag { display: inline-block; padding: 0 6px; border: 1px solid var(--line); border-radius: 4px; background: var(--panel); color: var(--muted); font-size: 11.5px; }
.tag-bad { border-color: #f0b4ac; background: var(--alert-bg); color: var(--alert); }
.ctl { padding: 0 2px; border: 1px dotted var(--alert); border-radius: 3px; background: #fff2cc; color: var(--alert); }
.hash { color: #2b3445; }
table.reasons, table.mini { width: 100%; margin-top: 4px; border: 1px solid var(--line); background: #fff; }
table.mini { width: auto; }
table.reasons th, table.mini th { padding: 4px 8px; background: var(--panel); color: var(--muted); font-size: 11px; font-weight: 600; text-align: left; text-transform: uppercase; letter-spacing: .04em; }
table.reasons td, table.mini td { padding: 5px 8px; border-top: 1px solid var(--line); vertical-align: top; }
table.reasons { table-layout: fixed; }
table.reasons th:nth-child(1) { width: 110px; }
table.reasons th:nth-child(2) { width: 64px; }
table.reasons th:nth-child(3) { width: 30%; }
table.data > thead th.num { text-align: right; }
table.data td.scanned { min-width: 13em; }
table.data td.report { min-width: 16em; }
.evidence-list { margin: 3px 0 0; padding-left: 18px; }
.meta { margin-top: 2px; color: var(--muted); font-size: 12.5px; }
.controls { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; margin-bottom: 10px; }
.controls input[type="search"] { flex: 0 1 360px; padding: 6px 10px; border: 1px solid #b9c2d0; border-radius: 6px; font: inherit; }
.controls label { white-space: nowrap; }
.shown-count { color: var(--muted); font-size: 13px; }
.sort-header { cursor: pointer; user-select: none; }
.sort-header:hover { color: var(--fg); }
.sort-header::after { content: " \2195"; opacity: .45; }
.sort-header[aria-sort="ascending"]::after { content: " \25B2"; opacity: 1; }
.sort-header[aria-sort="descending"]::after { content: " \25BC"; opacity: 1; }
details > summary { cursor: pointer; font-weight: 600; margin: 4px 0 8px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 12px; }
.card { padding: 10px 14px; border: 1px solid var(--line); border-top: 6px solid var(--unknown); border-radius: 8px; background: var(--panel); }
.card.verdict-compromised { border-top-color: var(--alert); }
.card.verdict-suspicious { border-top-color: var(--warning); }
.card.verdict-clean { border-top-color: var(--clean); }
.card-head { font-weight: 700; letter-spacing: .04em; margin-bottom: 6px; }
.card-head .n { font-size: 26px; margin-right: 6px; }
.card li { font-family: var(--mono); font-size: 13px; }
td.host, td.host-name { font-weight: 600; white-space: nowrap; }
footer { max-width: 1400px; margin: 0 auto; padding: 8px 24px 32px; color: var(--muted); font-size: 12px; overflow-wrap: anywhere; }
@media print {
  @page { margin: 14mm 12mm; }
  html, body, section, .tile, .card, table.data > thead th { background: #fff !important; }
  body { color: #000; font-size: 10pt; }
  main { max-width: none; padding: 0; }
  nav.toc, .controls { display: none !important; }
  .banner { padding: 10px 14px; border: 3px solid #000; color: #000; background: #fff !important; }
  .tally li { border-color: #000; background: #fff; }
  section { border: none; border-top: 2px solid #000; border-radius: 0; padding: 10px 0; break-inside: auto; }
  tbody.item[hidden] { display: table-row-group !important; }
  tr[hidden] { display: table-row !important; }
  details::details-content { content-visibility: visible; display: contents; }
  details > summary { list-style: none; }
  table.data > thead th { position: static; color: #000; }
  tbody.item, table.data > tbody > tr { break-inside: avoid; }
  .level, .verdict, .tag, .kind, .ctl { background: #fff !important; color: #000 !important; border: 1px solid #000; }
  .sort-header::after { content: none; }
  a { color: inherit; text-decoration: none; }
}
"#;

pub(super) const SCRIPT: &str = r#"
(function () {
  "use strict";
  var each = function (list, visit) { Array.prototype.forEach.call(list, visit); };

  /* What a table sorts and filters: its groups (a finding's row with its evidence row) or its rows. */
  function units(table) {
    var groups = table.querySelectorAll(":scope > tbody.item");
    if (groups.length) { return Array.prototype.slice.call(groups); }
    return table.tBodies.length ? Array.prototype.slice.call(table.tBodies[0].rows) : [];
  }

  function sortKey(unit, index, numeric) {
    var row = unit.tagName === "TBODY" ? unit.rows[0] : unit;
    var cell = row.cells[index];
    var raw = cell ? cell.getAttribute("data-key") : null;
    if (raw === null) { raw = cell ? cell.textContent.trim() : ""; }
    if (!numeric) { return raw.toLowerCase(); }
    var number = parseFloat(raw);
    return isNaN(number) ? -Infinity : number;
  }

  /* Numbers sort largest first on the first click, text A to Z; a second click reverses. */
  function sortBy(table, header) {
    var numeric = header.getAttribute("data-type") === "number";
    var current = header.getAttribute("aria-sort");
    var descending = current ? current === "ascending" : numeric;
    each(header.parentNode.cells, function (cell) { cell.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
    var keyed = units(table).map(function (unit, position) {
      return { unit: unit, key: sortKey(unit, header.cellIndex, numeric), position: position };
    });
    keyed.sort(function (a, b) {
      var order = a.key < b.key ? -1 : (a.key > b.key ? 1 : 0);
      return (descending ? -order : order) || a.position - b.position;
    });
    keyed.forEach(function (entry) { entry.unit.parentNode.appendChild(entry.unit); });
  }

  function applyFilter(controls) {
    var table = document.getElementById(controls.getAttribute("data-for"));
    if (!table) { return; }
    var text = controls.querySelector(".filter-text");
    var wanted = text ? text.value.trim().toLowerCase() : "";
    var levels = {};
    each(controls.querySelectorAll(".filter-level"), function (box) { levels[box.value] = box.checked; });
    var all = units(table);
    var shown = 0;
    all.forEach(function (unit) {
      var levelShown = levels[unit.getAttribute("data-level")] !== false;
      var textShown = !wanted || unit.textContent.toLowerCase().indexOf(wanted) !== -1;
      unit.hidden = !(levelShown && textShown);
      if (!unit.hidden) { shown += 1; }
    });
    var count = controls.querySelector(".shown-count");
    if (count) { count.textContent = shown + " of " + all.length + " shown"; }
  }

  each(document.querySelectorAll("table.sortable"), function (table) {
    if (!table.tHead) { return; }
    each(table.tHead.rows[0].cells, function (header) {
      header.tabIndex = 0;
      header.classList.add("sort-header");
      header.addEventListener("click", function () { sortBy(table, header); });
      header.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          sortBy(table, header);
        }
      });
    });
  });

  each(document.querySelectorAll(".controls"), function (controls) {
    controls.hidden = false;
    controls.addEventListener("input", function () { applyFilter(controls); });
    controls.addEventListener("change", function () { applyFilter(controls); });
    applyFilter(controls);
  });

  /* Printed, every folded list is open; afterwards they fold again. */
  var opened = [];
  window.addEventListener("beforeprint", function () {
    each(document.querySelectorAll("details:not([open])"), function (details) {
      details.open = true;
      opened.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
  });

  document.body.setAttribute("data-ready", "1");
}());
"#;
