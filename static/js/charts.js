// Charts of the statistics page (also loaded into the office's home) and of a unit's page (awards/charts.py). The numbers come from a
// <script type="application/json"> written by json_script (no inline code: CSP), named by the
// canvas's data-chart attribute; the same numbers are in the table under each chart.
(function () {
  "use strict";
  // One colour per series, distinguishable and printable; the table carries the words.
  const LABEL_LENGTH = 24;
  const COLOURS = ["#0d6efd", "#fd7e14", "#6c757d", "#198754", "#dc3545", "#6f42c1", "#20c997", "#ffc107"];

  function draw(canvas) {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof Chart === "undefined" || canvas.dataset.drawn) {
      return;
    }
    canvas.dataset.drawn = "1";
    const spec = JSON.parse(source.textContent);
    const locale = document.documentElement.lang || "vi";
    const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    const datasets = spec.datasets.map(function (dataset, index) {
      const colour = COLOURS[index % COLOURS.length];
      return {
        label: dataset.label,
        data: dataset.data,
        backgroundColor: colour,
        borderColor: colour,
        spanGaps: true,
      };
    });
    const valueAxis = {
      beginAtZero: true,
      stacked: spec.stacked,
      ticks: { callback: function (value) { return numbers.format(value); } },
    };
    // Long labels (a period's name) are cut on the axis; the tooltip and the table keep them whole.
    const labelAxis = {
      stacked: spec.stacked,
      ticks: {
        callback: function (value) {
          const label = String(this.getLabelForValue(value));
          return label.length > LABEL_LENGTH ? label.slice(0, LABEL_LENGTH - 1) + "…" : label;
        },
      },
    };
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        indexAxis: spec.horizontal ? "y" : "x",
        scales: spec.horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
        plugins: {
          legend: { display: datasets.length > 1, position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (context) {
                const value = spec.horizontal ? context.parsed.x : context.parsed.y;
                return context.dataset.label + ": " + numbers.format(value);
              },
            },
          },
        },
      },
    });
  }

  function drawAll() {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
  // The home page loads its charts after the page (htmx): draw them once they are in.
  document.addEventListener("htmx:afterSettle", drawAll);
})();
