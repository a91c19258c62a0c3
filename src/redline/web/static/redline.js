// redline UI: progressive enhancement only; every page works without this file.
"use strict";
document.addEventListener("submit", (event) => {
  // Prevent double submission (a second click would arrive as a version conflict).
  const form = event.target;
  if (form.method.toLowerCase() === "post") {
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "1";
  }
});
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-back]");
  if (link && window.history.length > 1) { event.preventDefault(); window.history.back(); }
});
