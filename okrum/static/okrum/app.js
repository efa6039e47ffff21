// Okrum's page behaviour, loaded on every page (the CSP allows no inline scripts).
(function () {
  "use strict";

  // Key-result rows and goal forms show the fields their kind needs: app.css reads data-kind.
  var KIND_SELECT = "[data-kind] select[name$='kind']";

  function syncKind(select) {
    var form = select.closest("[data-kind]");
    if (form) form.dataset.kind = select.value;
  }

  function syncAll() {
    document.querySelectorAll(KIND_SELECT).forEach(syncKind);
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches(KIND_SELECT)) syncKind(event.target);
  });

  // "Add another key result": a copy of the formset's empty row, numbered next.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add-key-result]");
    if (!button) return;
    var total = document.getElementById("id_kr-TOTAL_FORMS");
    var max = document.getElementById("id_kr-MAX_NUM_FORMS");
    var template = document.getElementById("kr-empty");
    var index = Number(total.value);
    var html = template.innerHTML
      .replace(/__prefix__/g, String(index))
      .replace(/__number__/g, String(index + 1));
    document.getElementById("kr-rows").insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    if (max && index + 1 >= Number(max.value)) button.hidden = true;
    var title = document.getElementById("id_kr-" + index + "-title");
    if (title) title.focus();
  });

  // Forms that cannot be undone ask first (data-confirm holds the question).
  document.addEventListener("submit", function (event) {
    var question = event.target.dataset && event.target.dataset.confirm;
    if (question && !window.confirm(question)) event.preventDefault();
  });

  // A refused htmx request would otherwise change nothing on screen: say what happened.
  function flash(text) {
    var main = document.querySelector("main");
    if (!main) return;
    var note = document.createElement("p");
    note.className = "flash flash-error";
    note.setAttribute("role", "alert");
    note.textContent = text;
    main.insertBefore(note, main.firstChild);
  }

  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    if (status === 403) flash("Not saved: your role may not change this.");
    else if (status === 402) flash("Not saved: the free trial has ended, so everything is read-only.");
    else flash("Not saved: the server answered " + status + ". Reload the page and try again.");
  });

  document.addEventListener("htmx:sendError", function () {
    flash("Not saved: the server could not be reached. Check the connection and try again.");
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", syncAll);
  else syncAll();
})();
