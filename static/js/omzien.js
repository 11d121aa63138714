/* Omzien's only script of its own. The Content-Security-Policy allows no inline scripts or event handlers, so
   behaviour is attached here. Every page works without it; it only adds conveniences. */
document.addEventListener("click", function (event) {
  // A button with data-print prints the page (the case export, the quarterly report). A link with data-print (the
  // activity page's "Afdrukken") leads to the print view without this script; with it, it prints the page at once.
  if (event.target.closest("[data-print]")) {
    event.preventDefault();
    window.print();
  }
});

// A print button that only works with this script (the booklet, an activity's print view) is hidden in the HTML; the
// text beside it ("Druk af met Ctrl+P") serves those without JavaScript.
document.querySelectorAll("[data-print][hidden]").forEach(function (button) {
  button.hidden = false;
});

// A <details data-open-wide> (the header's menu, the search filters) is always open on a wide screen. The CSS does
// that where the browser knows ::details-content; elsewhere this opens it once, when the page loads.
if (window.matchMedia("(min-width: 768px)").matches && !CSS.supports("selector(::details-content)")) {
  document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
    details.open = true;
  });
}

// An error summary at the top of a citizens' form (data-focus-on-load) has the focus after a failed submit, so a
// screen reader reads it first. The autofocus attribute does this already in most browsers; this is for the rest.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-focus-on-load]");
  if (summary && document.activeElement !== summary) {
    summary.focus();
  }
});

// A link in an error summary puts the cursor in its field and shows the field's label (or the question of a group of
// choices) too, not only the input at the very top of the screen. Without this script the link still jumps there.
document.addEventListener("click", function (event) {
  var link = event.target.closest(".error-summary a[href^='#']");
  if (!link) {
    return;
  }
  var field = document.getElementById(link.getAttribute("href").slice(1));
  if (!field) {
    return;
  }
  event.preventDefault();
  var question = field.closest("fieldset") ? field.closest("fieldset").querySelector("legend") : null;
  var label = question || document.querySelector("label[for='" + field.id + "']") || field;
  label.scrollIntoView();
  field.focus({ preventScroll: true });
});
