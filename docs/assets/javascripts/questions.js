/* "My questions" builder on the questions handout (progressive enhancement: without this file
   the whole list prints, with empty boxes and lines to write on).
   - Tick the questions you want, add your own, then print a list of only those.
   - Nothing is sent anywhere. Your list is kept only if you choose "Remember on this device"
     (this browser's localStorage); "Forget my list" removes it.
   - Every word it shows comes from strings.yml: each token of two square brackets around a key (builder.add) is filled in at build time
     (macros/strings.py fill_asset).
   - A saved list of another shape (an older version, or edited by hand) is read as far as it
     can be: every text found is restored, as a ticked question when it is one of the page's,
     as one of your own otherwise. When part of it cannot be restored, the status line says so
     and the saved value is left as it was: nothing is saved over it until you tick "Remember"
     again (the old value is then kept aside, under KEY + ".unread") or choose "Forget". */
(function () {
  "use strict";
  var KEY = "after-car-t.my-questions";
  var ASIDE = KEY + ".unread";     // a saved value that could not all be restored, kept until Forget
  var MAX_OWN = 100;               // own questions restored at most...
  var MAX_TEXT = 1000;             // ...each at most this long (the box takes 200 characters)
  var unreadRaw = null;            // the saved value, while part of it is not restored
  var root = document.querySelector("[data-questions]");
  var builder = document.querySelector("[data-builder]");
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });
  if (!root || !builder) return;

  var own = [];
  var status;

  function boxes() { return document.querySelectorAll(".handout-q input[type=checkbox]"); }
  function labelOf(box) { var l = document.querySelector('label[for="' + box.id + '"]'); return l ? l.textContent : ""; }
  function picked() {
    var out = [];
    boxes().forEach(function (b) { if (b.checked && !b.closest(".handout-q--own")) out.push(labelOf(b)); });
    return out;
  }
  function say(text) { status.textContent = text; }

  function ownList() {
    var list = root.querySelector(".handout-topic--own ul");
    if (!list) {
      var set = document.createElement("fieldset");
      set.className = "handout-topic handout-topic--own";
      var legend = document.createElement("legend");
      legend.textContent = "[[builder.own_questions]]";
      list = document.createElement("ul");
      set.appendChild(legend);
      set.appendChild(list);
      root.appendChild(set);
    }
    return list;
  }

  function addOwn(text, checked) {
    var n = own.length + 1;
    var li = document.createElement("li");
    li.className = "handout-q handout-q--own";
    var box = document.createElement("input");
    box.type = "checkbox";
    box.id = "own-" + n;
    box.checked = checked !== false;
    var label = document.createElement("label");
    label.htmlFor = box.id;
    label.textContent = text;
    var lines = document.createElement("span");
    lines.className = "write-lines";
    lines.setAttribute("aria-hidden", "true");
    lines.innerHTML = '<span class="write-line"></span>';
    li.appendChild(box); li.appendChild(label); li.appendChild(lines);
    ownList().appendChild(li);
    own.push(text);
    box.addEventListener("change", refresh);
    refresh();
  }

  function refresh() {
    boxes().forEach(function (b) { b.closest(".handout-q").classList.toggle("is-picked", b.checked); });
    if (remember.checked) save();
  }

  function save() {
    try {
      if (unreadRaw !== null) {       // never write over a list that was not all restored
        if (localStorage.getItem(ASIDE) === null) localStorage.setItem(ASIDE, unreadRaw);
        unreadRaw = null;
      }
      localStorage.setItem(KEY, JSON.stringify({ picked: picked(), own: own.filter(function (t, i) {
        var b = document.getElementById("own-" + (i + 1)); return b && b.checked; }) }));
    } catch (e) { say("[[builder.cannot_keep]]"); }
  }

  function forgetAll() {
    try { localStorage.removeItem(KEY); localStorage.removeItem(ASIDE); } catch (e) {}
    unreadRaw = null;
  }

  // A text of strings.yml for one or for many, with the number written in for {n}.
  function plural(n, one, many) { return (n === 1 ? one : many).replace("{n}", String(n)); }

  // What a saved value holds, whatever its shape: texts that are the page's questions (to
  // tick), other texts (own questions) and a count of what cannot be restored.
  function readSaved(data) {
    var labels = new Set();
    boxes().forEach(function (b) { labels.add(labelOf(b).trim()); });
    var found = { tick: new Set(), own: [], unread: 0, gone: 0 }, seen = new Set();
    function text(v) {
      if (typeof v === "string") return v.trim();
      if (typeof v === "number" && isFinite(v)) return String(v);
      return null;
    }
    function each(list, asOwn) {
      if (!Array.isArray(list)) list = [list];
      list.forEach(function (v) {
        var t = text(v);
        if (t === null) { found.unread++; return; }
        if (!t) return;
        if (labels.has(t)) { found.tick.add(t); return; }
        if (!asOwn) { found.gone++; return; }        // a ticked question no longer on this page
        if (seen.has(t)) return;                      // the same question twice: restored once
        if (t.length > MAX_TEXT || found.own.length >= MAX_OWN) { found.unread++; return; }
        seen.add(t);
        found.own.push(t);
      });
    }
    if (Array.isArray(data) || text(data) !== null) {
      each(data, true);                               // an older shape: a plain list of questions
    } else if (data && typeof data === "object") {
      Object.keys(data).forEach(function (k) {
        if (k === "picked") each(data.picked, false);
        else if (k === "own") each(data.own, true);
        else if (data[k] !== null && data[k] !== "" && !(Array.isArray(data[k]) && !data[k].length)) found.unread++;
      });
    } else {
      found.unread++;                                 // true, false or null
    }
    return found;
  }

  function load() {
    var raw = null, data;
    try { raw = localStorage.getItem(KEY); } catch (e) { raw = null; }
    if (raw === null) return;
    try { data = JSON.parse(raw); } catch (e) {
      unreadRaw = raw;
      say("[[builder.unreadable]]");
      return;
    }
    var found = readSaved(data);
    boxes().forEach(function (b) { if (found.tick.has(labelOf(b).trim())) b.checked = true; });
    found.own.forEach(function (t) { addOwn(t, true); });
    var gone = found.gone ? " " + plural(found.gone, "[[builder.gone_one]]", "[[builder.gone_many]]") : "";
    var some = found.own.length || found.tick.size;
    if (found.unread) {
      unreadRaw = raw;
      say(plural(found.unread, some ? "[[builder.part_back_one]]" : "[[builder.none_back_one]]",
                 some ? "[[builder.part_back_many]]" : "[[builder.none_back_many]]") + " [[builder.left_as_it_was]]" + gone);
      return;
    }
    remember.checked = true;
    say((some ? "[[builder.back]]" : "[[builder.empty]]") + gone);
  }

  // Controls, built here so that pages without JavaScript show none of them.
  builder.hidden = false;
  var intro = document.createElement("p");
  intro.textContent = "[[builder.intro]]";
  var row = document.createElement("div");
  row.className = "builder__row";
  var input = document.createElement("input");
  input.type = "text"; input.id = "own-question"; input.maxLength = 200;
  var inLabel = document.createElement("label");
  inLabel.htmlFor = input.id; inLabel.textContent = "[[builder.your_question]]";
  var add = document.createElement("button");
  add.type = "button"; add.className = "md-button"; add.textContent = "[[builder.add]]";
  row.appendChild(inLabel); row.appendChild(input); row.appendChild(add);
  var row2 = document.createElement("div");
  row2.className = "builder__row";
  var printMine = document.createElement("button");
  printMine.type = "button"; printMine.className = "md-button md-button--primary"; printMine.textContent = "[[builder.print_mine]]";
  var rememberLabel = document.createElement("label");
  var remember = document.createElement("input");
  remember.type = "checkbox"; remember.id = "remember-questions";
  rememberLabel.appendChild(remember);
  rememberLabel.appendChild(document.createTextNode(" [[builder.remember]]"));
  var forget = document.createElement("button");
  forget.type = "button"; forget.className = "md-button"; forget.textContent = "[[builder.forget]]";
  row2.appendChild(printMine); row2.appendChild(rememberLabel); row2.appendChild(forget);
  status = document.createElement("p");
  status.className = "builder__status"; status.setAttribute("role", "status"); status.setAttribute("aria-live", "polite");
  builder.insertBefore(status, builder.firstChild);
  builder.insertBefore(row2, builder.firstChild);
  builder.insertBefore(row, builder.firstChild);
  builder.insertBefore(intro, builder.firstChild);

  boxes().forEach(function (b) { b.addEventListener("change", refresh); });
  add.addEventListener("click", function () {
    var text = input.value.trim();
    if (!text) { say("[[builder.type_first]]"); input.focus(); return; }
    addOwn(text, true); input.value = ""; say("[[builder.added]] " + text); input.focus();
  });
  input.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { ev.preventDefault(); add.click(); } });
  remember.addEventListener("change", function () {
    if (remember.checked) { save(); say("[[builder.kept]]"); }
    else { forgetAll(); say("[[builder.not_kept]]"); }
  });
  forget.addEventListener("click", function () {
    forgetAll();
    remember.checked = false;
    boxes().forEach(function (b) { b.checked = false; });
    var set = root.querySelector(".handout-topic--own");
    if (set) set.remove();
    own = [];
    refresh();
    say("[[builder.gone]]");
  });
  printMine.addEventListener("click", function () {
    if (!root.querySelector(".is-picked")) { say("[[builder.tick_first]]"); return; }
    document.body.classList.add("only-mine");
    builder.querySelectorAll("details").forEach(function (d) { d.open = true; });
    window.print();
  });
  window.addEventListener("afterprint", function () { document.body.classList.remove("only-mine"); });
  load();
  refresh();
})();
