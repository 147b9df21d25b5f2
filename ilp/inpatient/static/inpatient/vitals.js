// Vital-sign chart of a stay: temperature on the left axis, pulse and blood pressure on the right.
document.addEventListener("DOMContentLoaded", function () {
  const canvas = document.getElementById("vitals-chart");
  if (!canvas || !window.Chart) return;
  const data = JSON.parse(document.getElementById("vitals-data").textContent);
  const line = (label, values, colour, axis, dash) => ({ label: label, data: values, borderColor: colour, backgroundColor: colour,
    yAxisID: axis, spanGaps: true, tension: 0.2, borderDash: dash || [], pointRadius: 3 });
  new Chart(canvas, {
    type: "line",
    data: { labels: data.labels, datasets: [
      line(canvas.dataset.temperature, data.series.temperature, "#0d6efd", "suhu"),
      line(canvas.dataset.pulse, data.series.heart_rate, "#dc3545", "nadi"),
      line(canvas.dataset.sbp, data.series.sbp, "#198754", "nadi"),
      line(canvas.dataset.dbp, data.series.dbp, "#198754", "nadi", [5, 4]),
    ] },
    options: { maintainAspectRatio: false, animation: false, interaction: { mode: "index", intersect: false },
      scales: { suhu: { position: "left", suggestedMin: 35, suggestedMax: 40, title: { display: true, text: "°C" } },
                nadi: { position: "right", suggestedMin: 40, suggestedMax: 160, grid: { drawOnChartArea: false },
                        title: { display: true, text: canvas.dataset.rightAxis } } } },
  });
});
