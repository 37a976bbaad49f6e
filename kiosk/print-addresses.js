/* The kiosk copy only (make offline; macros/offline_copy.py publishes this file there and
   nowhere else). On paper, print.js writes the address of a link after it; opened from disk,
   that address would be a file on this computer (file:///.../index.html). This puts the
   published address there instead: the link resolved against the page's canonical address
   (the published one), written as print.js writes it. Its listeners are added once the page
   has loaded, so they run after print.js's. */
(function () {
  "use strict";
  if (location.protocol !== "file:") return;
  function published() {
    var canonical = document.querySelector('link[rel="canonical"]');
    if (!canonical) return;
    document.querySelectorAll("a[data-print-url]").forEach(function (a) {
      var url = new URL(a.getAttribute("href"), canonical.href).href;
      a.setAttribute("data-print-url", url.replace(/index\.html(?=$|#)/, "").replace(/^https?:\/\//, ""));
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    window.addEventListener("beforeprint", published);
    if (window.matchMedia) {
      var mq = window.matchMedia("print");
      if (mq.addEventListener) mq.addEventListener("change", function (e) { if (e.matches) published(); });
    }
  });
})();
