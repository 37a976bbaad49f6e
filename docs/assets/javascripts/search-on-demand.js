/* Search costs nothing until the reader starts a search: focus on the search box (a tap, a
   click, or Material's keys f, s and /) or opening the search. Material 9.8 has no setting for
   this: as soon as a page loads it starts its search worker (`new Worker(...)`: our
   assets/javascripts/search-worker.js and Material's workers/search.*.min.js, about 15 KB
   compressed) and asks for search/search_index.json (about 90 KB, half of a first visit's bytes
   before this file). This file, loaded right before Material's script at the end of the page
   (overrides/main.html; not in the head, where a script delays the first paint), holds both
   until then, without changing Material:

   - the index: the one XMLHttpRequest for search/search_index.json is sent when the search starts;
   - the worker: for the search worker's address (the "search" entry of the page's __config),
     `new Worker` gives Material a stand-in that keeps what Material does with it
     (addEventListener, postMessage, onmessage...) and, when the search starts, creates the real
     worker (the browser's Worker, or in the kiosk copy the iframe-worker shim, loaded before
     this file) and hands all of it on, in order; from then on every call goes straight to the
     real worker. Any other worker is created at once, as before.

   Nothing else is changed: the same index request, the same worker, the same messages and
   results. A stand-in is the least invasive route: Material's own code stays untouched (no
   fork of its bundle to keep in step), and if this file is missing search works as before,
   only eagerly. Without JavaScript there is no search box to use, as before. */
(function () {
  "use strict";
  var INDEX = /(^|\/)search\/search_index\.json(\?|#|$)/;
  var started = false, waiting = [];
  var open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send;
  var RealWorker = window.Worker;

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

  // The search worker's address, as Material reads it from the page's configuration.
  function isSearchWorker(url) {
    try {
      var config = JSON.parse(document.getElementById("__config").textContent);
      return typeof config.search === "string" &&
        new URL(String(url), document.baseURI).href === new URL(config.search, document.baseURI).href;
    } catch (e) {
      return false;
    }
  }

  // The stand-in: records every call until the real worker exists, then forwards it.
  function StandIn(url, options) {
    var self = this, real = null, calls = [], handlers = {}, ended = false;
    function create() {
      if (ended) return;
      real = new RealWorker(url, options);
      Object.keys(handlers).forEach(function (name) { real[name] = handlers[name]; });
      calls.splice(0).forEach(function (call) { real[call[0]].apply(real, call[1]); });
    }
    ["postMessage", "addEventListener", "removeEventListener", "dispatchEvent"].forEach(function (name) {
      self[name] = function () {
        if (real) return real[name].apply(real, arguments);
        calls.push([name, arguments]);
        return name === "dispatchEvent" ? true : undefined;
      };
    });
    self.terminate = function () {
      if (real) return real.terminate();
      ended = true;                     // never created: nothing to end
      calls.length = 0;
    };
    ["onmessage", "onmessageerror", "onerror"].forEach(function (name) {
      Object.defineProperty(self, name, {
        get: function () { return real ? real[name] : handlers[name] || null; },
        set: function (fn) { handlers[name] = fn; if (real) real[name] = fn; }
      });
    });
    waiting.unshift(create);            // on the search's start, before the index is asked for
  }

  if (typeof RealWorker === "function") {
    window.Worker = function Worker(url, options) {
      if (!started && isSearchWorker(url)) return new StandIn(url, options);
      return new RealWorker(url, options);
    };
    window.Worker.prototype = RealWorker.prototype;
  }

  document.addEventListener("focusin", function (ev) {
    if (ev.target && ev.target.matches && ev.target.matches(".md-search__input")) start();
  }, true);
  document.addEventListener("change", function (ev) {
    if (ev.target && ev.target.id === "__search" && ev.target.checked) start();
  }, true);
  document.addEventListener("pointerdown", function (ev) {
    if (ev.target && ev.target.closest && ev.target.closest('label[for="__search"], .md-search')) start();
  }, true);
  // A search started before this file arrived (the search box is shown from the first paint).
  var search = document.getElementById("__search"), active = document.activeElement;
  if ((search && search.checked) || (active && active.matches && active.matches(".md-search__input"))) start();
})();
