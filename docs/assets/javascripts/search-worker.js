/* Site search: Material's own search worker, with the reader's query put into lunr's words
   first. Material's worker adds a wildcard to every word ("t*" then matches every word that
   starts with t) and so never stems or corrects a word. This wrapper, loaded in its place by
   overrides/main.html (block "config"), rewrites each query before Material sees it:

   - "car t", "car-t", "cart" are one word of this site: "car"; a marker written apart,
     "cd 19" or "cd-19", is the site's one word "cd19";
   - a word of this site is matched exactly, stemmed like the index ("relapsed" finds "relapse");
   - the word still being typed, when it is not yet a word of this site, matches as a prefix, so
     results come as you type ("hosp" finds "hospice"); a word the site knows is taken as typed
     (a finished "car t" or "do" must not match every word that starts with "car" or "do");
   - a word the site does not use, 5 letters or longer, is matched by lunr's edit distance: one
     letter off for 5-7 letters, two for 8 or more ("glofitimab", "hospise", "immunoglobin");
   - small words that carry no meaning here ("the", "my", "is"...) are left out of the query, and
     so is a word found in more than 4 in 10 of the site's sections ("car", "t", "after", "cancer",
     "treatment", "team"...): it says nothing about which section answers, yet Material ranks a
     section higher for each query word it holds. A word still being typed is kept only while it is
     not yet a whole word of the site (it may become a rarer one), and a query made only of such
     words is searched as typed. (The share was set by measuring both lists of
     patient queries in tests/: 4 in 10 helped one list and changed nothing on the other.)
   - limits, so that no query can keep the search busy (lunr's edit distance grows with the
     length of the word and the number of such words: one unbroken 1,000-letter word never
     returned and left search dead for the page): only the first 200 characters and the first 16
     words of a query are searched (the patients' queries in tests/ are at most 59 characters and
     12 words); a word longer than the site's longest word is never stemmed or looked up; edit
     distance is used only on words of at most 24 letters (the site's longest word, 22 letters,
     and two letters off) and on at most 4 words of a query.

   Material's own worker file name comes from the page (?worker=...). Nothing leaves the browser. */
(function () {
  "use strict";
  var params = new URLSearchParams(self.location.search);
  var SETUP = 0, QUERY = 2;
  var STOP = new Set(("a an and are as at be been but by did do does for from had has i if in into is it its " +
    "me my of on or our she he so than that the their them then there these they this to us was we were " +
    "will with you your his her him im ive id dont didnt cant wont").split(" "));
  var vocabulary = new Set();
  var handlers = [];
  var COMMON = 0.4;                     // share of sections above which a word is too common to search
  var sections = new Map(), count = 0;  // stem -> number of sections (and pages) holding it
  var longest = 0;                      // letters in the site's longest word
  var MAX_QUERY = 200, MAX_WORDS = 16;  // characters and words of a query that are searched
  var MAX_FUZZY_LETTERS = 24;           // edit distance only on words this long or shorter...
  var MAX_FUZZY_WORDS = 4;              // ...and on this many words of a query

  function stem(word) {
    return lunr.stemmer(new lunr.Token(word)).toString();
  }

  function learn(index) {
    var split = /[^a-z0-9]+/;
    index.docs.forEach(function (doc) {
      var text = (doc.title + " " + doc.text).toLowerCase().replace(/<[^>]*>/g, " ").replace(/['’]/g, "");
      var held = new Set();
      text.split(split).forEach(function (w) { if (w) { held.add(stem(w)); longest = Math.max(longest, w.length); } });
      held.forEach(function (s) { vocabulary.add(s); sections.set(s, (sections.get(s) || 0) + 1); });
      count++;
    });
  }

  function rewrite(query) {
    query = query.slice(0, MAX_QUERY);
    var typing = !/\s$/.test(query);
    var text = query.toLowerCase().replace(/['’]/g, "").replace(/\bcar[\s-]*t\b|\bcart\b/g, "car")
      .replace(/\bcd[\s-]+(\d+)\b/g, "cd$1");
    var words = text.split(/[^a-z0-9]+/).filter(Boolean);
    if (words.length > MAX_WORDS) {
      words = words.slice(0, MAX_WORDS);
      typing = false;                   // the last word kept is followed by others: it is finished
    }
    var out = [], fuzzy = 0;
    words.forEach(function (w, i) {
      var last = typing && i === words.length - 1;
      if (STOP.has(w)) return;
      var s = w.length <= longest ? stem(w) : null;   // longer than any word of the site: unknown
      var known = s !== null && vocabulary.has(s);
      if ((!last || known) && s !== null && (sections.get(s) || 0) > COMMON * count) return;
      if (known) {
        out.push(w + "^1");
      } else {
        if (last) out.push(w);
        if (w.length >= 5 && w.length <= MAX_FUZZY_LETTERS && fuzzy < MAX_FUZZY_WORDS) {
          out.push(w + (w.length >= 8 ? "~2" : "~1"));
          fuzzy++;
        }
      }
    });
    return out.join(" ") || words.join(" ");
  }

  // Material's worker registers its message handler with addEventListener: hand it the
  // rewritten message instead of the original.
  self.addEventListener = function (type, fn, options) {
    if (type !== "message") return EventTarget.prototype.addEventListener.call(self, type, fn, options);
    handlers.push(fn);
  };
  EventTarget.prototype.addEventListener.call(self, "message", function (ev) {
    var message = ev.data;
    if (message && message.type === SETUP) learn(message.data);
    if (message && message.type === QUERY && typeof message.data === "string")
      message = { type: QUERY, data: rewrite(message.data) };
    handlers.forEach(function (fn) { fn({ data: message }); });
  });
  importScripts(params.get("worker"));
})();
