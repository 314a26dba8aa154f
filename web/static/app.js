// Live case page: follow the case's events and redraw the page body from
// the server, without reloading, whenever something happens.
(function () {
  var el = document.getElementById("case");
  if (!el || !window.EventSource) return;
  var id = el.getAttribute("data-case");
  var last = 0;
  document.querySelectorAll("#timeline li").forEach(function (li) {
    last = Math.max(last, parseInt(li.getAttribute("data-seq"), 10) || 0);
  });
  var es = new EventSource("/api/v1/cases/" + id + "/events?last_event_id=" + last);
  // A browser keeps a page it leaves, stream and all, for the back button;
  // it allows six connections to a server, so six case pages visited in a
  // row would stall the seventh. Close on leaving; reload on coming back.
  window.addEventListener("pagehide", function () { es.close(); });
  window.addEventListener("pageshow", function (e) { if (e.persisted) window.location.reload(); });
  // One fetch at a time; an event that arrives meanwhile asks for one more.
  var pending = false, again = false;
  function redraw() {
    if (pending) { again = true; return; }
    pending = true;
    fetch("/cases/" + id + "?fragment=1", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        pending = false;
        if (again) { again = false; redraw(); }
        if (html === null) return;
        var main = document.getElementById("main");
        main.innerHTML = html;
        var items = main.querySelectorAll("#timeline li");
        if (items.length) items[items.length - 1].classList.add("new");
      });
  }
  ["submitted", "task_opened", "task_claimed", "task_decided", "task_cancelled", "completed",
   "supplement_requested", "supplement_received", "withdrawn", "task_reassigned", "task_released",
   "deadline_extended", "clock_suspended", "clock_resumed", "reminder", "escalated"].forEach(function (t) {
    es.addEventListener(t, function (e) {
      var seq = parseInt(e.lastEventId, 10);
      if (seq > last) { last = seq; redraw(); }
    });
  });
})();

// Draft autosave: each change is saved at once; the status line says when.
(function () {
  var form = document.getElementById("draft-form");
  var status = document.getElementById("saved");
  if (!form || !window.fetch) return;
  // Only the changed field is sent, so a slow save never overwrites newer
  // values of other fields; an empty value clears the field.
  // The pre-review beside the form follows every save.
  function refreshPrereview() {
    var box = document.getElementById("prereview");
    if (!box) return;
    fetch(window.location.pathname, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null) return;
        var next = new DOMParser().parseFromString(html, "text/html").getElementById("prereview");
        if (next) box.innerHTML = next.innerHTML;
      });
  }
  form.addEventListener("change", function (e) {
    var name = e.target.name;
    if (!name) return;
    var body = new URLSearchParams();
    body.append("csrf", form.elements["csrf"].value);
    var values = new FormData(form).getAll(name);
    if (values.length === 0) values = [""];
    values.forEach(function (v) { body.append(name, v); });
    fetch(form.action, { method: "POST", body: body, credentials: "same-origin", headers: { "X-Autosave": "1" } })
      .then(function (r) {
        if (r.ok) {
          status.textContent = "已自动保存 " + new Date().toLocaleTimeString("zh-CN", { hour: "2-digit", minute: "2-digit" });
          status.className = "";
          refreshPrereview();
          return;
        }
        return r.text().then(function (t) { status.textContent = t; status.className = "warn"; });
      });
  });
})();

// Address fields suggest entries of the standard address library as the
// applicant types; picking one stores the library's ID with the address.
(function () {
  document.querySelectorAll("input[data-address]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2 || !list) return;
      timer = setTimeout(function () {
        fetch("/api/v1/addresses?q=" + encodeURIComponent(q), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : { addresses: [] }; })
          .then(function (data) {
            list.innerHTML = "";
            data.addresses.forEach(function (a) {
              var o = document.createElement("option");
              o.value = a.address;
              list.appendChild(o);
            });
          });
      }, 200);
    });
  });
})();
