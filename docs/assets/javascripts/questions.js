/* "My questions" builder on the questions handout (progressive enhancement: without this file
   the whole list prints, with empty boxes and lines to write on).
   - Tick the questions you want, add your own, then print a list of only those.
   - Nothing is sent anywhere. Your list is kept only if you choose "Remember on this device"
     (this browser's localStorage); "[[builder.forget]]" removes it. */
(function () {
  "use strict";
  var KEY = "after-car-t.my-questions";
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
      localStorage.setItem(KEY, JSON.stringify({ picked: picked(), own: own.filter(function (t, i) {
        var b = document.getElementById("own-" + (i + 1)); return b && b.checked; }) }));
    } catch (e) { say("[[builder.cannot_keep]]"); }
  }

  function load() {
    var data = null;
    try { data = JSON.parse(localStorage.getItem(KEY) || "null"); } catch (e) { data = null; }
    if (!data) return false;
    boxes().forEach(function (b) { if (data.picked.indexOf(labelOf(b)) !== -1) b.checked = true; });
    (data.own || []).forEach(function (t) { addOwn(t, true); });
    return true;
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
    else { try { localStorage.removeItem(KEY); } catch (e) {} say("[[builder.not_kept]]"); }
  });
  forget.addEventListener("click", function () {
    try { localStorage.removeItem(KEY); } catch (e) {}
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
  if (load()) { remember.checked = true; say("[[builder.back]]"); }
  refresh();
})();
