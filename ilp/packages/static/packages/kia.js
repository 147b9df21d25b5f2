// Buku KIA growth charts: WHO −3…+3 SD lines and the child's measurements. Data from a json_script tag.
document.addEventListener("DOMContentLoaded", function () {
  const source = document.getElementById("growth-data");
  if (!source || !window.Chart) return;
  const data = JSON.parse(source.textContent);
  if (!data) return;
  // Buku KIA colours: median green, ±1 yellow, ±2 red, ±3 black.
  const colours = { 0: "#1b8a3a", 1: "#d4a017", 2: "#d0312d", 3: "#222222" };
  data.charts.forEach(function (chart) {
    const canvas = document.getElementById("chart-" + chart.id);
    if (!canvas) return;
    const lines = [-3, -2, -1, 0, 1, 2, 3].map(function (k) {
      return {
        label: (k > 0 ? "+" : "") + k + " SD",
        data: chart.x.map(function (x, i) { return { x: x, y: chart.lines[String(k)][i] }; }),
        borderColor: colours[Math.abs(k)], borderWidth: k === 0 ? 2 : 1, pointRadius: 0, showLine: true,
        borderDash: Math.abs(k) === 1 ? [4, 3] : [],
      };
    });
    const child = {
      label: canvas.getAttribute("aria-label"),
      data: chart.points, borderColor: "#2f6db5", backgroundColor: "#2f6db5", pointRadius: 4, showLine: true, borderWidth: 2,
    };
    new Chart(canvas, {
      type: "scatter",
      data: { datasets: lines.concat([child]) },
      options: {
        maintainAspectRatio: false, animation: false,
        scales: {
          x: {
            type: "linear", title: { display: true, text: chart.x_label },
            min: Math.floor(chart.x[0]), max: Math.ceil(chart.x[chart.x.length - 1]), ticks: { stepSize: chart.x_step },
          },
          y: { title: { display: true, text: chart.y_label } },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            filter: function (item) { return item.datasetIndex === lines.length; },
            callbacks: { label: function (c) { return c.raw.date + ": " + c.raw.y; } },
          },
        },
      },
    });
  });
});
