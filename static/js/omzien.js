/* Omzien's only script of its own. The Content-Security-Policy allows no inline scripts or event handlers, so
   behaviour is attached here. Every page works without it; it only adds conveniences. */
document.addEventListener("click", function (event) {
  // A button with data-print prints the page (the case export, the quarterly report).
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

// A <details data-open-wide> (the header's menu, the search filters) is always open on a wide screen. The CSS does
// that where the browser knows ::details-content; elsewhere this opens it once, when the page loads.
if (window.matchMedia("(min-width: 768px)").matches && !CSS.supports("selector(::details-content)")) {
  document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
    details.open = true;
  });
}
