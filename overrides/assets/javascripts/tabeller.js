/*
 * Wide tables: Material wraps every table in a frame that scrolls sideways
 * (.md-typeset__scrollwrap). When a table is wider than its frame, say so
 * above it, so nobody misses the columns off-screen (a phone shows no
 * scrollbar until you touch it). Runs after every page load, also after
 * Material's instant navigation, and when the window changes size.
 */
(function () {
  "use strict";

  var HINT = "Tabellen är bredare än skärmen – svep eller rulla åt sidan för att se alla kolumner.";

  function mark() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (frame) {
      var wide = frame.scrollWidth > frame.clientWidth + 1;
      var hint = frame.previousElementSibling;
      var has = hint && hint.classList.contains("sv-svep");
      frame.classList.toggle("sv-bred", wide);
      if (wide && !has) {
        var p = document.createElement("p");
        p.className = "sv-svep";
        p.textContent = HINT;
        frame.before(p);
      } else if (!wide && has) {
        hint.remove();
      }
    });
  }

  function later() {
    // after Material has wrapped the tables of the new page
    window.requestAnimationFrame(function () { window.setTimeout(mark, 0); });
  }

  var timer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(mark, 150);
  });
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(later);
  } else {
    later();
  }
})();
