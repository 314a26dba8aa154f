// 小申's chat panel on the applicant's pages: questions go to
// POST /assistant/ask with the page's CSRF token; each answer shows its
// sources as links, a 开始办理 button when it names a bundle, and a button
// that hands the conversation to a person when 小申 is not sure.
(function () {
  var root = document.getElementById("assistant");
  if (!root || !window.fetch) return;
  var csrf = root.getAttribute("data-csrf");
  var context = { page: location.pathname, bundle: root.getAttribute("data-bundle") || "",
    item: root.getAttribute("data-item") || "", draft: root.getAttribute("data-draft") || "" };
  var transcript = []; // every line so far, handed over with the conversation

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text) e.textContent = text;
    return e;
  }
  // postForm is a form of hidden fields with a submit button: the start
  // and hand-off buttons are plain form posts, like the pages' own.
  function postForm(action, fields, label) {
    var f = el("form", { method: "post", action: action });
    fields.csrf = csrf;
    for (var k in fields) f.appendChild(el("input", { type: "hidden", name: k, value: fields[k] }));
    f.appendChild(el("button", { type: "submit" }, label));
    return f;
  }

  var toggle = el("button", { type: "button", "class": "assistant-toggle", "aria-expanded": "false", "aria-controls": "assistant-panel" }, "问小申");
  var panel = el("section", { id: "assistant-panel", "class": "assistant-panel", "aria-labelledby": "assistant-title", hidden: "" });
  var head = el("div", { "class": "assistant-head" });
  head.appendChild(el("h2", { id: "assistant-title" }, "小申 · 在线咨询"));
  var close = el("button", { type: "button", "aria-label": "关闭小申" }, "×");
  head.appendChild(close);
  var log = el("ol", { "class": "assistant-log", "aria-live": "polite", "aria-relevant": "additions" });
  var error = el("div", { "class": "alert assistant-error", role: "alert", hidden: "" });
  var form = el("form", { "class": "assistant-form", novalidate: "" });
  form.appendChild(el("label", { "for": "assistant-question" }, "您的问题（最多 200 字）"));
  var input = el("input", { id: "assistant-question", name: "question", maxlength: "200", autocomplete: "off" });
  form.appendChild(input);
  var send = el("button", { type: "submit" }, "发送");
  form.appendChild(send);
  panel.appendChild(head);
  panel.appendChild(log);
  panel.appendChild(error);
  panel.appendChild(form);
  root.appendChild(toggle);
  root.appendChild(panel);

  function open(on) {
    panel.hidden = !on;
    toggle.hidden = on;
    toggle.setAttribute("aria-expanded", on ? "true" : "false");
    if (on) {
      if (!log.children.length) say("bot", "您好，我是小申。可以问我一件事怎么办、要交哪些材料、您的办件进度或能享受的政策。");
      input.focus();
    } else {
      toggle.focus();
    }
  }
  toggle.addEventListener("click", function () { open(true); });
  close.addEventListener("click", function () { open(false); });
  panel.addEventListener("keydown", function (e) { if (e.key === "Escape") open(false); });

  function say(who, text) {
    var li = el("li", { "class": who === "me" ? "from-me" : "from-bot" });
    li.appendChild(el("span", { "class": "sr" }, who === "me" ? "我：" : "小申："));
    li.appendChild(document.createTextNode(text));
    log.appendChild(li);
    transcript.push({ from: who === "me" ? "applicant" : "assistant", text: text, at: new Date().toISOString() });
    log.scrollTop = log.scrollHeight;
    return li;
  }
  // showError is the form's one error summary, linking to the field.
  function showError(message) {
    error.textContent = "";
    if (!message) { error.hidden = true; input.removeAttribute("aria-invalid"); return; }
    var a = el("a", { href: "#assistant-question" }, message);
    a.addEventListener("click", function (e) { e.preventDefault(); input.focus(); });
    error.appendChild(a);
    error.hidden = false;
    input.setAttribute("aria-invalid", "true");
  }

  function show(a) {
    var li = say("bot", a.text);
    if (a.sources && a.sources.length) {
      var list = el("ul", { "class": "sources", "aria-label": "出处" });
      a.sources.forEach(function (s) {
        var item = el("li");
        if (s.link) item.appendChild(el("a", { href: s.link }, s.title)); else item.textContent = s.title;
        list.appendChild(item);
      });
      li.appendChild(el("p", { "class": "sources" }, "出处："));
      li.appendChild(list);
    }
    if (a.start) {
      li.appendChild(postForm(a.start.action, { bundle: a.start.bundle }, a.start.name ? "开始办理「" + a.start.name + "」" : "开始办理"));
    }
    if (a.handoff) {
      var r = a.handoff.request;
      li.appendChild(postForm(a.handoff.link, { question: r.question, bundle: r.bundle || "", item: r.item || "", draft: r.draft || "",
        transcript: JSON.stringify(transcript) }, "请工作人员帮我"));
    }
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var q = input.value.trim();
    if (!q) { showError("请输入问题"); return; }
    if (q.length > 200) { showError("问题最多 200 个字"); return; }
    showError("");
    say("me", q);
    input.value = "";
    send.disabled = true;
    var body = new URLSearchParams({ question: q, page: context.page, bundle: context.bundle, item: context.item,
      draft: context.draft, csrf: csrf });
    fetch("/assistant/ask", { method: "POST", credentials: "same-origin", body: body })
      .then(function (r) {
        return r.json().then(function (j) { return { ok: r.ok, body: j }; },
          function () { return { ok: false, body: { message: "小申暂时无法回答，请刷新页面后重试" } }; });
      })
      .then(function (res) {
        if (res.ok) show(res.body);
        else showError(res.body.message + (res.body.request_id ? "（请求编号 " + res.body.request_id + "）" : ""));
      }, function () { showError("网络连接失败，请稍后重试"); })
      .then(function () { send.disabled = false; input.focus(); });
  });
})();
