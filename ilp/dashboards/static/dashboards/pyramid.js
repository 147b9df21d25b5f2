// Population pyramid: men to the left, women to the right. Data comes from a json_script tag.
document.addEventListener("DOMContentLoaded", function () {
  const canvas = document.getElementById("pyramid");
  if (!canvas || !window.Chart) return;
  const data = JSON.parse(document.getElementById("pyramid-data").textContent);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: canvas.dataset.male, data: data.male.map((v) => -v), backgroundColor: "#2f6db5" },
        { label: canvas.dataset.female, data: data.female, backgroundColor: "#d0528a" },
      ],
    },
    options: {
      indexAxis: "y", maintainAspectRatio: false, animation: false,
      scales: { x: { stacked: true, ticks: { precision: 0, callback: (v) => Math.abs(v) } }, y: { stacked: true, reverse: true, ticks: { autoSkip: false } } },
      plugins: { tooltip: { callbacks: { label: (c) => c.dataset.label + ": " + Math.abs(c.raw) } } },
    },
  });
});
