// Klaster 1 dashboard: every <canvas data-chart="id"> draws the chart described by the json_script tag `id`.
document.addEventListener("DOMContentLoaded", function () {
  if (!window.Chart) return;
  const colours = ["#1f7a5c", "#2f6db5", "#e0a800", "#c0392b", "#7d5ba6", "#16a2b8", "#6c757d", "#d0528a", "#8d6e63", "#20c997"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    const spec = JSON.parse(document.getElementById(canvas.dataset.chart).textContent);
    const round = spec.type === "doughnut";
    new Chart(canvas, {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (d, i) {
          return { label: d.label, data: d.data, borderWidth: 1,
                   backgroundColor: d.colours || (round ? colours : colours[i % colours.length]),
                   borderColor: spec.type === "line" ? colours[i % colours.length] : undefined };
        }),
      },
      options: {
        maintainAspectRatio: false, animation: false, indexAxis: spec.horizontal ? "y" : "x",
        plugins: { legend: { display: round || spec.datasets.length > 1, position: "bottom" } },
        scales: round ? {} : { x: { ticks: { autoSkip: false } }, y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  });
});
