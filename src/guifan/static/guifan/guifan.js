/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";
  // Move focus to the error summary so a screen reader announces it first.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
  // An error link moves focus to its field (and shows the field's label), not just scrolls to it.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".error-summary a[href^='#']");
    if (!link) { return; }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) { return; }
    event.preventDefault();
    var holder = target.closest("fieldset") || target.closest(".field");
    var label = holder && holder.querySelector("legend, label");
    (label || target).scrollIntoView();
    target.focus({ preventScroll: true });
  });
})();
