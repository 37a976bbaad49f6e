/* Print helpers (progressive enhancement; pages print without this file too).
   - Fills in "Printed on" with today's date when you print (no build date is ever written).
   - Adds the web address after a link on paper where it helps: links to other pages of this
     site and to other sites, but not when the link text already is the address. */
(function () {
  "use strict";
  function today() {
    return new Date().toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric" });
  }
  function clean(url) {
    return url.replace(/index\.html(?=$|#)/, "").replace(/^https?:\/\//, "");
  }
  function mark() {
    document.querySelectorAll(".printed-date").forEach(function (el) { el.textContent = today(); });
    var here = location.href.split("#")[0];
    document.querySelectorAll("article a[href]").forEach(function (a) {
      if (a.closest(".term, .no-print-urls, .page-sources, .result-sources, .bibliography, .guide-path, .guide-choices, .md-nav, sup.cite, .print-identity, .headerlink")) return;
      var href = a.getAttribute("href");
      if (!href || href.charAt(0) === "#" || /^(mailto|tel|javascript):/i.test(href)) return;
      var url = a.href;
      if (url.split("#")[0] === here) return;
      var text = a.textContent.trim().toLowerCase();
      var shown = clean(url).replace(/\/$/, "").toLowerCase();
      if (text && (shown.indexOf(text.replace(/^www\./, "")) === 0 || text.indexOf(shown) !== -1)) return;
      a.setAttribute("data-print-url", clean(url));
    });
  }
  window.addEventListener("beforeprint", mark);
  if (window.matchMedia) {
    var mq = window.matchMedia("print");
    if (mq.addEventListener) mq.addEventListener("change", function (e) { if (e.matches) mark(); });
  }
})();
