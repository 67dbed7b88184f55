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

  // Session time limit (WCAG 2.2.1): warn before the session expires and let the user extend it.
  var body = document.body;
  var dialog = document.getElementById("session-warning");
  var total = Number(body.getAttribute("data-session-seconds"));
  var lead = Number(body.getAttribute("data-session-warning-seconds"));
  if (!dialog || !total || typeof dialog.showModal !== "function") { return; }
  var warnTimer, expireTimer, returnFocus;
  function schedule() {
    clearTimeout(warnTimer);
    clearTimeout(expireTimer);
    warnTimer = setTimeout(function () {
      returnFocus = document.activeElement;
      dialog.showModal();
    }, Math.max(0, total - lead) * 1000);
    expireTimer = setTimeout(function () {
      window.location.href = body.getAttribute("data-login-url") + "?next=" + encodeURIComponent(window.location.pathname);
    }, total * 1000);
  }
  var keepalive = dialog.querySelector("form[data-keepalive]");
  keepalive.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(keepalive.action, {
      method: "POST",
      body: new FormData(keepalive),
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      if (!response.ok) { keepalive.submit(); return; }
      dialog.close();
      schedule();
      if (returnFocus && returnFocus.focus) { returnFocus.focus(); }
    }, function () { keepalive.submit(); });
  });
  schedule();
})();
