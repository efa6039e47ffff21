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

// Scrum: order the backlog and move board cards, by drag-and-drop or by keyboard buttons.
(function () {
  "use strict";

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function alertUser(text) {
    var main = document.querySelector("main");
    if (!main) return;
    var note = document.createElement("p");
    note.className = "flash flash-error";
    note.setAttribute("role", "alert");
    note.textContent = text;
    main.insertBefore(note, main.firstChild);
  }

  function announce(text) {
    var status = document.getElementById("move-status");
    if (status) status.textContent = text;
  }

  // --- The backlog: rows are <li data-item-id> in rank order ------------------------------

  function isRow(node) {
    return node && node.dataset && node.dataset.itemId;
  }

  function previousRow(row) {
    var node = row.previousElementSibling;
    while (node && !isRow(node)) node = node.previousElementSibling;
    return node;
  }

  function nextRow(row) {
    var node = row.nextElementSibling;
    while (node && !isRow(node)) node = node.nextElementSibling;
    return node;
  }

  function keyOf(row) {
    var key = row.querySelector(".item-key");
    return key ? key.textContent : "The item";
  }

  // Tell the server where the row now is; put it back if the server says no.
  function sendMove(row, values, undo) {
    return fetch(row.dataset.moveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" },
      body: new URLSearchParams(values),
    }).then(
      function (response) {
        if (response.ok) return;
        undo();
        if (response.status === 403) alertUser("Not moved: your role may not change this backlog.");
        else if (response.status === 402) alertUser("Not moved: the free trial has ended, so everything is read-only.");
        else response.text().then(function (text) { alertUser("Not moved: " + text); });
      },
      function () {
        undo();
        alertUser("Not moved: the server could not be reached. Check the connection and try again.");
      }
    );
  }

  function neighbourValues(row) {
    var above = previousRow(row);
    var below = nextRow(row);
    return { after: above ? above.dataset.itemId : "", before: below ? below.dataset.itemId : "" };
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-move]");
    if (!button) return;
    var row = button.closest("li[data-move-url]");
    if (!row) return;
    event.preventDefault();
    var list = row.parentElement;
    var origin = row.nextElementSibling;
    var undo = function () { list.insertBefore(row, origin); };
    var how = button.dataset.move;
    var values;
    if (how === "up") {
      var above = previousRow(row);
      if (!above) return;
      list.insertBefore(row, above);
      values = { before: above.dataset.itemId };
    } else if (how === "down") {
      var below = nextRow(row);
      if (!below) return;
      list.insertBefore(row, below.nextElementSibling);
      values = { after: below.dataset.itemId };
    } else if (how === "top") {
      var first = list.querySelector("li[data-item-id]");
      if (first === row) return;
      list.insertBefore(row, first);
      values = { to: "top" };
    } else {
      values = { to: "bottom" };
      var more = list.querySelector(".load-more");
      if (more) {
        row.remove(); // its new place is past the items loaded so far
      } else {
        var rows = list.querySelectorAll("li[data-item-id]");
        var last = rows[rows.length - 1];
        if (last === row) return;
        list.insertBefore(row, last.nextElementSibling);
      }
    }
    if (row.isConnected) button.focus();
    var words = { up: "up", down: "down", top: "to the top", bottom: "to the bottom" };
    announce(keyOf(row) + " moved " + words[how] + ".");
    sendMove(row, values, undo);
  });

  // Drag-and-drop: the row follows the pointer; dropping it saves its new neighbours.
  var dragged = null;
  var draggedOrigin = null;
  var dropped = false;
  var card = null;

  document.addEventListener("dragstart", function (event) {
    var target = event.target.closest ? event.target : event.target.parentElement;
    var row = target && target.closest("li[data-move-url]");
    var boardCard = target && target.closest("li.card[data-status-url]");
    if (row) {
      dragged = row;
      draggedOrigin = row.nextElementSibling;
      dropped = false;
    } else if (boardCard) {
      card = boardCard;
    } else {
      return;
    }
    (row || boardCard).classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", (row || boardCard).id);
  });

  document.addEventListener("dragover", function (event) {
    var target = event.target.closest ? event.target : event.target.parentElement;
    if (dragged) {
      var list = dragged.parentElement;
      if (!list || !list.contains(target)) return;
      event.preventDefault();
      var over = target.closest("li[data-item-id]");
      if (!over || over === dragged) return;
      var box = over.getBoundingClientRect();
      var below = event.clientY > box.top + box.height / 2;
      list.insertBefore(dragged, below ? over.nextElementSibling : over);
    } else if (card) {
      var column = target.closest("[data-drop-status]");
      if (!column) return;
      event.preventDefault();
      document.querySelectorAll(".drop-target").forEach(function (c) {
        if (c !== column) c.classList.remove("drop-target");
      });
      column.classList.add("drop-target");
    }
  });

  document.addEventListener("drop", function (event) {
    var target = event.target.closest ? event.target : event.target.parentElement;
    if (dragged && dragged.parentElement && dragged.parentElement.contains(target)) {
      event.preventDefault();
      dropped = true;
    } else if (card) {
      var column = target.closest("[data-drop-status]");
      if (!column) return;
      event.preventDefault();
      var moving = card;
      var status = column.dataset.dropStatus;
      if (moving.closest("[data-drop-status]") === column) return;
      column.querySelector("ul.cards").appendChild(moving);
      window.htmx.ajax("POST", moving.dataset.statusUrl, {
        source: moving,
        values: { status: status },
        target: "#board",
        swap: "outerHTML",
      });
    }
  });

  document.addEventListener("dragend", function () {
    document.querySelectorAll(".drop-target, .dragging").forEach(function (node) {
      node.classList.remove("drop-target", "dragging");
    });
    card = null;
    if (!dragged) return;
    var row = dragged;
    var list = row.parentElement;
    var origin = draggedOrigin;
    dragged = null;
    if (!dropped) {
      list.insertBefore(row, origin);
      return;
    }
    if (row.nextElementSibling === origin) return; // dropped where it was
    announce(keyOf(row) + " moved.");
    sendMove(row, neighbourValues(row), function () { list.insertBefore(row, origin); });
  });
})();
