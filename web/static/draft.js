// The long application form: uploads and deletions of materials without
// leaving the page, and the parts of the page that follow the pre-review
// (marked data-refresh) redrawn after each save. Without this script the
// same forms post and the page reloads.
(function () {
  var form = document.getElementById("draft-form");
  if (!form || !window.fetch || !window.FormData) return;

  // redraw fetches the page and swaps in every region marked data-refresh,
  // and the pre-review; inputs the applicant is typing in are never touched.
  function redraw(html) {
    var next = new DOMParser().parseFromString(html, "text/html");
    document.querySelectorAll("[data-refresh], #prereview").forEach(function (el) {
      var fresh = el.id && next.getElementById(el.id);
      if (fresh) el.innerHTML = fresh.innerHTML;
    });
    // A field is invalid while its message region says something.
    document.querySelectorAll("#draft-form .error-message").forEach(function (msg) {
      var input = document.getElementById(msg.id.replace(/-error$/, ""));
      if (!input) return;
      if (msg.textContent.trim()) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    });
  }
  function reload() {
    return fetch(window.location.pathname, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html) redraw(html); });
  }

  // The autosave (app.js) writes its status line after each save.
  var saved = document.getElementById("saved");
  if (saved && window.MutationObserver) {
    new MutationObserver(function () { if (saved.className !== "warn") reload(); })
      .observe(saved, { childList: true });
  }

  // post sends a material form and redraws the materials from the answer,
  // which is the draft page: after the upload, or with the refusal.
  function post(f, say) {
    var row = f.closest("li");
    var status = row && row.querySelector("[role=status]");
    var button = f.querySelector("button");
    if (button) button.disabled = true;
    if (status) status.textContent = "正在处理…";
    // An upload streams as multipart (its token rides in the URL); a
    // deletion posts like a plain form, with its token in the body.
    var body = f.enctype === "multipart/form-data" ? new FormData(f) : new URLSearchParams(new FormData(f));
    fetch(f.action, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (r) { return r.text().then(function (html) { return { ok: r.ok, html: html }; }); })
      .then(function (res) {
        var id = row && row.id;
        redraw(res.html);
        var again = id && document.getElementById(id);
        var msg = again && again.querySelector("[role=status]");
        if (msg) msg.textContent = res.ok ? say : "";
        var bad = again && again.querySelector("input[type=file][aria-invalid]");
        if (bad) bad.focus();
      })
      .catch(function () {
        if (status) status.textContent = "网络中断，未能完成，请重试";
        if (button) button.disabled = false;
      });
  }
  document.addEventListener("submit", function (e) {
    var f = e.target;
    if (f.hasAttribute("data-upload")) {
      var input = f.querySelector("input[type=file]");
      if (!input || !input.files.length) return; // the browser's own message
      e.preventDefault();
      post(f, "已上传：" + input.files[0].name);
    } else if (f.hasAttribute("data-remove")) {
      e.preventDefault();
      post(f, "已删除");
    }
  });
})();
