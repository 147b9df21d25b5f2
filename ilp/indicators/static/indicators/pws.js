// PWS bar chart: cumulative coverage per desa, coloured by status, with the target as a line.
document.addEventListener("DOMContentLoaded", function () {
  const canvas = document.getElementById("pws-chart");
  if (!canvas || !window.Chart) return;
  const data = JSON.parse(document.getElementById("pws-data").textContent);
  const colours = { baik: "#198754", kurang: "#ffc107", cukup: "#ffc107", jelek: "#dc3545", "": "#adb5bd" };
  const datasets = [{ type: "bar", label: canvas.dataset.valueLabel, data: data.values,
                      backgroundColor: data.status.map((s) => colours[s]) }];
  if (data.target !== null) {
    datasets.push({ type: "line", label: canvas.dataset.targetLabel, data: data.labels.map(() => data.target),
                    borderColor: "#0b7a5a", borderDash: [6, 4], pointRadius: 0 });
  }
  new Chart(canvas, { data: { labels: data.labels, datasets: datasets },
    options: { maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true, ticks: { callback: (v) => v + "%" } } } } });
});
