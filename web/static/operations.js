// The "799" dashboard redraws its figures when its stream says one may
// have changed: at most once every 2 seconds, and once more after a burst.
// After a reconnect it reads the figures again, so nothing missed while
// the stream was down stays on the page.
(function () {
  var el = document.getElementById("operations-figures");
  if (!el || !window.EventSource || !window.fetch) return;
  var busy = false, again = false, last = 0, timer = null;
  function redraw() {
    var wait = 2000 - (Date.now() - last);
    if (busy || wait > 0) {
      again = true;
      if (!timer && !busy) timer = setTimeout(function () { timer = null; redraw(); }, Math.max(wait, 0));
      return;
    }
    busy = true; again = false; last = Date.now();
    fetch(el.getAttribute("data-fragment"), { credentials: "same-origin" }).then(function (r) {
      return r.ok ? r.text() : null;
    }).then(function (html) {
      if (html) {
        el.innerHTML = html;
        el.setAttribute("data-redrawn", String(Number(el.getAttribute("data-redrawn") || "0") + 1));
      }
    }).catch(function () {}).then(function () {
      busy = false;
      if (again) redraw();
    });
  }
  var opened = false;
  var es = new EventSource(el.getAttribute("data-live"));
  es.addEventListener("open", function () {
    if (opened) redraw(); // a reconnect: read what may have been missed
    opened = true;
    el.setAttribute("data-connected", "true");
  });
  es.addEventListener("changed", redraw);
})();
