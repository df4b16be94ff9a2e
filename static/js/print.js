// A "Print" button: <button type="button" data-print>…</button> prints the page (CSP: no inline handler).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
