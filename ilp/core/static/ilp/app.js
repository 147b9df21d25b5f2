// Small behaviours shared by every page (no inline JS in templates).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});
