// 同屏 (shared screen), issue 18.
//
// On the applicant's draft page: show the sharing choices, and follow the
// helper's highlights, scrolling to the field with the helper's note.
// On the helper's screen page: redraw the read-only form whenever the
// applicant saves, and say so when the applicant stops sharing.
(function () {
  if (!window.fetch) return;
  if (!document.querySelector("link[href='/static/screen.css']")) {
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = "/static/screen.css";
    document.head.appendChild(css);
  }

  function panel(draftForm) {
    var id = draftForm.getAttribute("action").split("/")[2];
    var box = document.createElement("div");
    box.id = "screen-panel";
    var anchor = document.getElementById("tasklist") || draftForm;
    anchor.parentNode.insertBefore(box, anchor);
    fetch("/drafts/" + id + "/screen?fragment=1", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null) return;
        box.innerHTML = html;
        // Nothing to share and no conversation: say nothing.
        if (!box.querySelector("form")) box.innerHTML = "";
        if (box.querySelector("input[name=share][value='0']")) follow(id);
      });
  }

  // follow listens for the helper's highlights while the draft is shared.
  function follow(id) {
    if (!window.EventSource) return;
    var es = new EventSource("/api/v1/drafts/" + id + "/screen/events");
    window.addEventListener("pagehide", function () { es.close(); });
    es.addEventListener("highlight", function (e) {
      var h;
      try { h = JSON.parse(e.data); } catch (err) { return; }
      show(h.field, h.message);
    });
  }

  // show marks a field with the helper's note and brings it into view.
  function show(key, message) {
    var input = document.getElementById("f-" + key);
    if (!input) return;
    var field = input.closest(".field") || input;
    document.querySelectorAll(".screen-hl").forEach(function (el) { el.classList.remove("screen-hl"); });
    var old = field.querySelector(".screen-note");
    if (old) old.remove();
    var note = document.createElement("p");
    note.className = "screen-note";
    note.setAttribute("role", "status");
    note.textContent = "帮办人员提示此项" + (message ? "：" + message : "");
    field.appendChild(note);
    field.classList.add("screen-hl");
    field.scrollIntoView({ behavior: "smooth", block: "center" });
    input.focus({ preventScroll: true });
  }

  function watch(root) {
    if (!window.EventSource) return;
    var id = root.getAttribute("data-conversation");
    var es = new EventSource("/api/v1/help/conversations/" + id + "/screen/events");
    window.addEventListener("pagehide", function () { es.close(); });
    var pending = false, again = false;
    function redraw() {
      if (pending) { again = true; return; }
      pending = true;
      fetch(window.location.pathname + "?fragment=1", { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          pending = false;
          if (again) { again = false; redraw(); }
          if (html === null) return;
          var next = new DOMParser().parseFromString(html, "text/html").getElementById("screen");
          if (next) root.innerHTML = next.innerHTML;
        });
    }
    es.addEventListener("draft_saved", redraw);
    es.addEventListener("revoked", function () {
      es.close();
      root.querySelectorAll("section").forEach(function (s) { s.remove(); });
      var status = document.getElementById("screen-status");
      if (status) status.textContent = "申请人已停止共享表单。";
    });
  }

  var draftForm = document.getElementById("draft-form");
  if (draftForm) panel(draftForm);
  var screen = document.getElementById("screen");
  if (screen) watch(screen);
})();
