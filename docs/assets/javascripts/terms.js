/* Glossary explanations (progressive enhancement; the page works without this file).
   - Each explained word links to its glossary entry and is described (aria-describedby) by its
     definition in the page's "Words used on this page" box, printed on paper: the page holds
     each definition once. This file makes the pop-up from it when a word is first pointed at,
     focused or tapped (words explained by the term() macro carry their own pop-up already).
   - Marks the page so CSS may show explanations on hover and keyboard focus.
   - Escape hides an open explanation without moving focus or the pointer (WCAG 1.4.13).
   - On touch screens, the first tap on a word shows its explanation; a second tap opens the
     glossary entry. */
(function () {
  document.documentElement.classList.add("js-terms");
  // The pop-up of an explained word (a .term), made once from its definition in the words box.
  function withTip(t) {
    if (!t || t.querySelector(".term__tip")) return t;
    var word = t.querySelector(".term__word");
    var dd = word && document.getElementById(word.getAttribute("aria-describedby") || "");
    var dt = dd && dd.previousElementSibling;
    if (!dd || !dt) return t;
    var tip = document.createElement("span"), name = document.createElement("strong"), more = document.createElement("a");
    tip.className = "term__tip"; tip.setAttribute("role", "tooltip"); tip.setAttribute("data-search-exclude", "");
    name.className = "term__name"; name.textContent = dt.textContent;
    more.className = "term__more"; more.href = word.getAttribute("href"); more.textContent = "[[glossary.more]]";
    tip.appendChild(name); tip.appendChild(document.createTextNode(" " + dd.textContent.trim() + " ")); tip.appendChild(more);
    t.appendChild(tip);
    return t;
  }
  ["mouseover", "focusin", "pointerdown"].forEach(function (type) {
    document.addEventListener(type, function (ev) { withTip(ev.target.closest && ev.target.closest(".term")); }, true);
  });
  function closeAll(except) {
    document.querySelectorAll(".term.is-open").forEach(function (t) { if (t !== except) t.classList.remove("is-open"); });
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") return;
    document.querySelectorAll(".term:hover, .term:focus-within, .term.is-open").forEach(function (t) {
      t.classList.add("is-dismissed"); t.classList.remove("is-open");
    });
  });
  // Once pointer and focus have both left a dismissed word, it may show again next time.
  function reset(ev) {
    var t = ev.target.closest && ev.target.closest(".term.is-dismissed");
    if (!t) return;
    setTimeout(function () {
      if (!t.matches(":hover") && !t.contains(document.activeElement)) t.classList.remove("is-dismissed");
    }, 0);
  }
  document.addEventListener("mouseout", reset);
  document.addEventListener("focusout", reset);
  document.addEventListener("focusin", function (ev) {
    var t = ev.target.closest && ev.target.closest(".term");
    document.querySelectorAll(".term.is-dismissed").forEach(function (d) { if (d !== t) d.classList.remove("is-dismissed"); });
  });
  document.addEventListener("mouseover", function (ev) {
    var t = ev.target.closest && ev.target.closest(".term");
    document.querySelectorAll(".term.is-dismissed").forEach(function (d) { if (d !== t && !d.contains(document.activeElement)) d.classList.remove("is-dismissed"); });
  });
  var lastPointer = "mouse";
  document.addEventListener("pointerdown", function (ev) { lastPointer = ev.pointerType; }, true);
  document.addEventListener("click", function (ev) {
    var word = ev.target.closest && ev.target.closest(".term__word");
    if (!word) { if (!(ev.target.closest && ev.target.closest(".term"))) closeAll(null); return; }
    var t = withTip(word.parentNode);
    if (lastPointer === "touch" && !t.classList.contains("is-open")) {
      ev.preventDefault(); closeAll(t); t.classList.remove("is-dismissed"); t.classList.add("is-open");
    }
  });
})();
