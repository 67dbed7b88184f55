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

  // Paper entry: a letter key picks that option of the question in focus and moves to the next one.
  document.addEventListener("keydown", function (event) {
    var form = event.target.closest && event.target.closest("form[data-quick-entry]");
    if (!form || event.ctrlKey || event.altKey || event.metaKey || !/^[a-eA-E]$/.test(event.key)) { return; }
    var fieldset = event.target.closest("fieldset");
    if (!fieldset) { return; }
    var key = event.key.toUpperCase();
    var radios = Array.prototype.slice.call(fieldset.querySelectorAll("input[type=radio]"));
    var match = radios.filter(function (r) { return r.parentNode.textContent.trim().indexOf(key + ".") === 0; })[0];
    if (!match) { return; }
    event.preventDefault();
    match.checked = true;
    var sets = Array.prototype.slice.call(form.querySelectorAll("fieldset"));
    var next = sets[sets.indexOf(fieldset) + 1];
    var target = next ? next.querySelector("input") : form.querySelector("button[type=submit]");
    if (target) { target.focus(); }
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

/* A confirmation after an action (data-focus-on-load, tabindex="-1") takes focus like the error summary. */
(function () {
  "use strict";
  var target = document.querySelector("[data-focus-on-load]");
  if (target && !document.querySelector("[data-error-summary]")) { target.focus(); }
})();

// A background job's page: poll its progress, update the bar, and let a screen reader hear where it
// stands — only when that has changed, and at most every ANNOUNCE_MS; when it is finished, load the
// page with the result. A poll answered by the sign-in page (the session ended) stops polling.
(function () {
  var box = document.querySelector("[data-job-progress]");
  if (!box || !window.fetch) { return; }
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-job-text]");
  var announce = box.querySelector("[data-job-announce]");
  var POLL_MS = 2000, ANNOUNCE_MS = 10000, lastAnnounced = Date.now(), announced = text.textContent;
  function poll() {
    fetch(box.getAttribute("data-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (response.ok && !json) { return "signed-out"; }
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data === "signed-out") {
          announce.textContent = text.textContent = "登录已过期，进度不再更新；任务仍在后台进行。请刷新页面重新登录后查看结果。";
          return;
        }
        if (!data) { window.setTimeout(poll, POLL_MS * 3); return; }
        if (data.finished) { window.location.reload(); return; }
        if (data.percent !== null) { bar.value = data.percent; bar.textContent = data.percent + "%"; }
        text.textContent = data.text;
        if (data.text !== announced && Date.now() - lastAnnounced >= ANNOUNCE_MS) {
          announce.textContent = announced = data.text;
          lastAnnounced = Date.now();
        }
        window.setTimeout(poll, POLL_MS);
      })
      .catch(function () { window.setTimeout(poll, POLL_MS * 3); });
  }
  window.setTimeout(poll, POLL_MS);
})();
