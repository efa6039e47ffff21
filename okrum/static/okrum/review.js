// OKR review: a grade that differs from the suggested one needs a reason, so say so as it changes.
(function () {
  "use strict";

  function sync(form) {
    var select = form.querySelector("select[name='score']");
    var reason = form.querySelector("input[name='reason']");
    var need = form.querySelector(".reason-need");
    if (!select || !reason || !need) return;
    var differs = select.value !== form.dataset.suggested;
    // aria-required, not required: the server's message says why, instead of the browser's bubble.
    reason.setAttribute("aria-required", differs ? "true" : "false");
    need.textContent = differs
      ? "(required: say why the grade differs from the suggested " + form.dataset.suggested + ")"
      : "(optional while the grade is the suggested " + form.dataset.suggested + ")";
  }

  function syncAll() {
    document.querySelectorAll("form.grade-form").forEach(sync);
  }

  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("form.grade-form");
    if (form) sync(form);
  });
  document.addEventListener("DOMContentLoaded", syncAll);
  document.addEventListener("htmx:afterSettle", syncAll);
})();
