/* The search index (about 90 KB compressed, half of a first visit's bytes) is fetched only when
   the reader starts a search: focus on the search box (a tap, a click, or Material's keys f, s
   and /) or opening the search. Material 9.8 asks for search/search_index.json as soon as a page
   loads (its own lazy path is for pages opened from disk); this file, loaded in the page's head
   before Material's script, holds that one request until then. Nothing else is changed: the
   same request, the same worker, the same results. Without JavaScript there is no search box
   to use, as before. */
(function () {
  "use strict";
  var INDEX = /(^|\/)search\/search_index\.json(\?|#|$)/;
  var started = false, waiting = [];
  var open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send;

  function start() {
    if (started) return;
    started = true;
    waiting.splice(0).forEach(function (go) { go(); });
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    this.__searchIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.__searchIndex && !started) {
      var request = this, args = arguments;
      waiting.push(function () { send.apply(request, args); });
      return;
    }
    return send.apply(this, arguments);
  };

  document.addEventListener("focusin", function (ev) {
    if (ev.target && ev.target.matches && ev.target.matches(".md-search__input")) start();
  }, true);
  document.addEventListener("change", function (ev) {
    if (ev.target && ev.target.id === "__search" && ev.target.checked) start();
  }, true);
  document.addEventListener("pointerdown", function (ev) {
    if (ev.target && ev.target.closest && ev.target.closest('label[for="__search"], .md-search')) start();
  }, true);
})();
