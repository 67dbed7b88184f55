// Checks axe does not make, or makes only loosely, that matter to a blind operator.
// Returns a list of problems; run in the page by tests/browser/checks.py.
(() => {
  const problems = [];
  const lang = document.documentElement.getAttribute("lang") || "";
  if (!lang.toLowerCase().startsWith("zh")) problems.push(`<html lang="${lang}"> does not start with zh`);
  const h1s = document.querySelectorAll("h1");
  if (h1s.length !== 1) problems.push(`${h1s.length} h1 elements (want exactly one)`);
  for (const el of document.querySelectorAll("input, select, textarea")) {
    if (el.type === "hidden" || el.type === "submit" || el.type === "button") continue;
    const name = el.name || el.id;
    const labels = Array.from(el.labels || []).filter(l => l.textContent.trim());
    if (!labels.length) problems.push(`field ${name} has no visible <label>`);
    if (el.placeholder && !labels.length) problems.push(`field ${name} is labelled only by a placeholder`);
    if (el.type === "number") problems.push(`field ${name} uses type=number (use inputmode=numeric)`);
  }
  for (const radio of document.querySelectorAll("input[type=radio], input[type=checkbox]")) {
    const fieldset = radio.closest("fieldset");
    if (!fieldset || !fieldset.querySelector("legend")) problems.push(`option ${radio.id} is not in a fieldset with a legend`);
  }
  for (const table of document.querySelectorAll("table")) {
    if (!table.querySelector("caption")) problems.push("a table has no caption");
    for (const th of table.querySelectorAll("th")) {
      if (!th.getAttribute("scope")) problems.push(`table header "${th.textContent.trim()}" has no scope`);
    }
  }
  for (const form of document.querySelectorAll("form[method=post]")) {
    if (form.closest("dialog")) continue;
    if (!form.hasAttribute("novalidate") && form.querySelector("input:not([type=hidden]), select, textarea"))
      problems.push("a form with fields lacks novalidate");
  }
  return problems;
})
