// Human help (人工帮办): the chat streams messages in over Server-Sent
// Events and posts without leaving the page; the supervisor's board redraws
// when a conversation changes. Without script the forms still work.
(function () {
  "use strict";

  function speaker(m, me) {
    if (m.author && m.author === me) return "我";
    if (m.from === "assistant") return "小申";
    if (m.from === "system") return "系统";
    return m.author_name || (m.from === "helper" ? "帮办人员" : "申请人");
  }

  // when writes an instant in Beijing time, as the pages do, whatever the
  // browser's zone.
  function when(iso) {
    var d = new Date(new Date(iso).getTime() + 8 * 3600 * 1000);
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getUTCFullYear() + "年" + (d.getUTCMonth() + 1) + "月" + d.getUTCDate() + "日 " + pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes());
  }

  function chat(list) {
    var id = list.getAttribute("data-conversation"), me = list.getAttribute("data-me");
    var last = list.getAttribute("data-last") || "0";
    if (window.EventSource) {
      var es = new EventSource("/api/v1/help/conversations/" + encodeURIComponent(id) + "/events?last_event_id=" + last);
      es.addEventListener("message", function (e) {
        var m = JSON.parse(e.data);
        if (document.getElementById("m-" + m.id)) return;
        var li = document.createElement("li");
        li.id = "m-" + m.id;
        li.className = "help-msg help-" + m.from + (m.author === me ? " help-mine" : "");
        var who = document.createElement("span");
        who.className = "help-who";
        who.textContent = speaker(m, me);
        var t = document.createElement("time");
        t.setAttribute("datetime", m.at);
        t.textContent = when(m.at);
        var p = document.createElement("p");
        p.textContent = m.text;
        li.appendChild(who);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(t);
        li.appendChild(p);
        list.appendChild(li);
        li.scrollIntoView({ block: "nearest" });
        // A system message says the conversation changed (ended,
        // confirmed): the page shows what comes next.
        if (m.from === "system") window.location.reload();
        var status = document.getElementById("help-status");
        if (m.from === "helper" && status && status.getAttribute("data-status") === "waiting") {
          status.textContent = "对话中";
          status.setAttribute("data-status", "open");
          // Someone has it now: name them, and nobody else can take it.
          var name = document.getElementById("help-helper");
          if (name && m.author_name) name.textContent = m.author_name;
          document.querySelectorAll("form[action$='/take']").forEach(function (f) { f.remove(); });
        }
      });
    }
    var form = document.getElementById("compose");
    if (!form || !window.fetch || !window.FormData) return;
    var text = form.querySelector("textarea"), err = document.getElementById("f-text-error");
    var key = form.querySelector("input[name=key]"), base = key.value, sent = 0;
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (!text.value.trim()) {
        err.textContent = "请输入消息内容";
        err.hidden = false;
        text.setAttribute("aria-invalid", "true");
        text.focus();
        return;
      }
      err.hidden = true;
      text.removeAttribute("aria-invalid");
      var button = form.querySelector("button");
      button.disabled = true;
      // URL-encoded, as the form itself posts: the CSRF check reads the body.
      fetch(form.action, { method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" } }).then(function (r) {
        if (r.ok) {
          text.value = "";
          sent++;
          key.value = base + "." + sent; // the next message is a new one
          return;
        }
        var plain = (r.headers.get("Content-Type") || "").indexOf("text/plain") === 0;
        return r.text().then(function (msg) {
          err.textContent = plain && msg ? msg : "发送失败，请刷新页面后重试";
          err.hidden = false;
        });
      }).catch(function () {
        err.textContent = "网络中断，请重试";
        err.hidden = false;
      }).then(function () { button.disabled = false; text.focus(); });
    });
  }

  // live redraws el from its page's fragment when its stream says a
  // conversation changed: the supervisor's board and the helper's desk.
  function live(el, fragment) {
    if (!window.EventSource || !window.fetch) return;
    var busy = false;
    var redraw = function () {
      if (busy) return;
      busy = true;
      fetch(fragment, { credentials: "same-origin" }).then(function (r) {
        return r.ok ? r.text() : null;
      }).then(function (html) {
        if (html) el.innerHTML = html;
      }).catch(function () {}).then(function () { busy = false; });
    };
    var es = new EventSource(el.getAttribute("data-live"));
    es.addEventListener("changed", redraw);
    es.addEventListener("tick", redraw);
  }

  var list = document.getElementById("help-messages");
  if (list) chat(list);
  var b = document.getElementById("help-board");
  if (b) live(b, "/staff/help?fragment=1");
  var d = document.getElementById("help-desk");
  if (d) live(d, "/helper?fragment=1");
})();
