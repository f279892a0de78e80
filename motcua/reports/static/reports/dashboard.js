/*
 * Dashboard charts (motcua back office). Each <canvas data-chart-for="TABLE_ID"> is drawn from the
 * table beside it, which stays the accessible alternative and the page without JavaScript:
 * columns whose <th> has `data-series` become datasets, the first cell of each body row the labels,
 * and each cell's `data-value` (or its text) the number. Options on the canvas: data-chart (line,
 * bar), data-chart-limit (first N rows), data-chart-stacked, data-chart-horizontal.
 * Charts are redrawn when htmx swaps a panel in.
 */
(function () {
  "use strict";

  var COLOURS = ["#1565c0", "#2e7d32", "#c62828", "#ef6c00", "#6a1b9a", "#00838f"];

  function numberOf(cell) {
    var text = cell.getAttribute("data-value");
    if (text === null) {
      text = cell.textContent;
    }
    var value = Number(String(text).trim().replace(",", "."));
    return isFinite(value) ? value : 0;
  }

  function draw(canvas) {
    if (!window.Chart || canvas.getAttribute("data-drawn") === "true") {
      return;
    }
    var table = document.getElementById(canvas.getAttribute("data-chart-for"));
    if (!table || !table.tHead || !table.tBodies.length) {
      return;
    }
    var headings = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var limit = parseInt(canvas.getAttribute("data-chart-limit") || "0", 10);
    if (limit > 0) {
      rows = rows.slice(0, limit);
    }
    var type = canvas.getAttribute("data-chart") || "bar";
    var stacked = canvas.getAttribute("data-chart-stacked") === "true";
    var horizontal = canvas.getAttribute("data-chart-horizontal") === "true";
    var datasets = [];
    headings.forEach(function (heading, index) {
      if (!heading.hasAttribute("data-series")) {
        return;
      }
      var colour = COLOURS[datasets.length % COLOURS.length];
      datasets.push({
        label: heading.textContent.trim(),
        data: rows.map(function (row) { return numberOf(row.cells[index]); }),
        backgroundColor: colour,
        borderColor: colour,
        tension: 0.2
      });
    });
    var labels = rows.map(function (row) { return row.cells[0].textContent.trim(); });
    new window.Chart(canvas, {
      type: type,
      data: { labels: labels, datasets: datasets },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: stacked, beginAtZero: true },
          y: { stacked: stacked, beginAtZero: true }
        }
      }
    });
    canvas.setAttribute("data-drawn", "true");
  }

  function drawAll(root) {
    Array.prototype.forEach.call(root.querySelectorAll("canvas[data-chart-for]"), draw);
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:load", function (event) {
    drawAll(event.detail && event.detail.elt ? event.detail.elt : document);
  });
})();
