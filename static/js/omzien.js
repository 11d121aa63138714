/* Omzien's only script of its own. The Content-Security-Policy allows no inline scripts or event handlers, so
   behaviour is attached here. Every page works without it; it only adds conveniences. */
document.addEventListener("click", function (event) {
  // A button with data-print prints the page (the case export, the quarterly report).
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
