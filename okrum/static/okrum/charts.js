// Draws the insights charts: each canvas names the JSON answer it comes from (a json_script
// element, the same shape as the API) and the index of its chart there. The CSP allows no inline
// scripts, so everything lives here; fragments arrive by htmx, so it draws on htmx:load too.
(function () {
  "use strict";

  var COLOURS = ["#1f5fbf", "#c2410c", "#15803d", "#7c3aed", "#b45309", "#0e7490", "#be185d", "#4d7c0f"];
  var GUIDE = "#6b7280";
  var BAND_COLOURS = { red: "#b91c1c", yellow: "#ca8a04", green: "#15803d" };

  // Shades the chart's bands (sprints) behind the datasets, with their names on top: a small
  // plugin object of our own, so no annotation plugin needs to be vendored.
  var bandsPlugin = {
    id: "okrumBands",
    beforeDatasetsDraw: function (chart, _args, options) {
      var bands = (options && options.bands) || [];
      if (!bands.length) return;
      var x = chart.scales.x;
      var area = chart.chartArea;
      var labels = chart.data.labels;
      var step = labels.length > 1 ? x.getPixelForValue(1) - x.getPixelForValue(0) : area.right - area.left;
      var ctx = chart.ctx;
      ctx.save();
      ctx.font = "11px system-ui, sans-serif";
      ctx.textBaseline = "top";
      bands.forEach(function (band, i) {
        var from = labels.indexOf(band.start);
        var to = labels.indexOf(band.end);
        if (from < 0 || to < 0) return;
        var left = Math.max(area.left, x.getPixelForValue(from) - step / 2);
        var right = Math.min(area.right, x.getPixelForValue(to) + step / 2);
        ctx.fillStyle = i % 2 ? "rgba(31, 95, 191, 0.07)" : "rgba(31, 95, 191, 0.13)";
        ctx.fillRect(left, area.top, right - left, area.bottom - area.top);
        ctx.strokeStyle = "rgba(31, 95, 191, 0.45)";
        ctx.beginPath();
        ctx.moveTo(left, area.top);
        ctx.lineTo(left, area.bottom);
        ctx.stroke();
        ctx.fillStyle = "#334155";
        var name = band.label.length > 24 ? band.label.slice(0, 23) + "…" : band.label;
        ctx.save();
        ctx.beginPath();
        ctx.rect(left, area.top, right - left, area.bottom - area.top);
        ctx.clip();
        ctx.fillText(name, left + 3, area.top + 3 + (i % 2) * 13);
        ctx.restore();
      });
      ctx.restore();
    },
  };

  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  // "2026-10-20" → "20 Oct": short enough for a phone's axis; other labels stay as they are.
  function tick(value) {
    var label = this.getLabelForValue(value);
    var day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(label);
    return day ? Number(day[3]) + " " + MONTHS[Number(day[2]) - 1] : label;
  }

  function dataset(series, index, chartKind) {
    var colour = BAND_COLOURS[series.key] || COLOURS[index % COLOURS.length];
    var set = {
      label: series.name,
      data: series.points,
      borderColor: colour,
      backgroundColor: colour,
      spanGaps: true,
      tension: 0,
    };
    if (series.style === "bar") {
      set.type = "bar";
      if (BAND_COLOURS[series.key]) set.grouped = false;
    } else {
      set.type = "line";
      set.borderWidth = series.style === "dashed" ? 2 : 3;
      set.pointRadius = series.style === "dashed" ? 0 : 4;
      if (series.style === "dashed") {
        set.borderDash = [6, 4];
        set.borderColor = set.backgroundColor = index === 1 ? GUIDE : colour;
      }
      if (series.style === "step") set.stepped = true;
    }
    return set;
  }

  function draw(canvas) {
    if (typeof window.Chart === "undefined" || window.Chart.getChart(canvas)) return;
    var source = document.getElementById(canvas.dataset.chartSource);
    if (!source) return;
    var chart = JSON.parse(source.textContent).charts[Number(canvas.dataset.chartIndex)];
    var y = { title: { display: true, text: chart.y_label } };
    if (chart.kind === "bar" || chart.key === "burndown" || chart.key === "burnup") y.beginAtZero = true;
    if (chart.key === "confidence") { y.min = 0; y.max = 10; }
    if (chart.key === "grades") y.ticks = { precision: 0 };
    new window.Chart(canvas, {
      type: chart.kind,
      data: {
        labels: chart.labels,
        datasets: chart.series.map(function (s, i) { return dataset(s, i, chart.kind); }),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "nearest", intersect: false },
        scales: {
          y: y,
          x: { title: { display: true, text: chart.x_label }, ticks: { autoSkip: true, autoSkipPadding: 8, maxRotation: 0, callback: tick } },
        },
        plugins: { legend: { position: "bottom" }, okrumBands: { bands: chart.bands } },
      },
      plugins: [bandsPlugin],
    });
  }

  function drawWithin(root) {
    if (!root || !root.querySelectorAll) return;
    if (root.matches && root.matches("canvas[data-chart-source]")) draw(root);
    root.querySelectorAll("canvas[data-chart-source]").forEach(draw);
  }

  document.addEventListener("htmx:load", function (event) { drawWithin(event.target); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { drawWithin(document); });
  } else drawWithin(document);
})();
