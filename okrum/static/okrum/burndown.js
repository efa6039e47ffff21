// The daily scrum's burndown: Chart.js draws the series the page holds as JSON (the CSP allows
// no inline scripts, so the data sits in a <script type="application/json"> element).
(function () {
  "use strict";

  function draw(canvas) {
    if (typeof window.Chart === "undefined" || window.Chart.getChart(canvas)) return;
    var source = document.getElementById(canvas.dataset.source);
    if (!source) return;
    var data = JSON.parse(source.textContent);
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [
          {
            label: "Remaining points",
            data: data.remaining,
            borderColor: "#1f5fbf",
            backgroundColor: "#1f5fbf",
            borderWidth: 3,
            pointRadius: 3,
            tension: 0,
          },
          {
            label: "Ideal pace",
            data: data.ideal,
            borderColor: "#7b8494",
            backgroundColor: "#7b8494",
            borderDash: [6, 4],
            borderWidth: 2,
            pointRadius: 0,
            tension: 0,
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          y: { beginAtZero: true, title: { display: true, text: "Points" } },
          x: { ticks: { autoSkip: true, maxRotation: 0 } },
        },
        plugins: { legend: { position: "bottom" } },
      },
    });
  }

  function drawAll() {
    document.querySelectorAll("canvas[data-chart='burndown']").forEach(draw);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawAll);
  else drawAll();
})();
