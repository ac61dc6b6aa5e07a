/*
 * The remissammanställning: show only the comments of one instans or one
 * position (ställningstagande), and print what is shown. Without script every
 * comment is shown and the filter stays hidden; the page prints as it is.
 */
(function () {
  "use strict";

  function setup() {
    var form = document.querySelector("[data-sv-remissfilter]");
    if (!form || form.dataset.svKlar) {
      return;
    }
    form.dataset.svKlar = "1";
    form.hidden = false;
    var part = form.querySelector("select[name=part]");
    var position = form.querySelector("select[name=stallning]");

    function apply() {
      var shown = 0;
      document.querySelectorAll(".sv-kommentar").forEach(function (comment) {
        var keep = (!part.value || comment.dataset.svPart === part.value) &&
          (!position.value || comment.dataset.svStallning === position.value);
        comment.hidden = !keep;
        if (keep) {
          shown += 1;
        }
      });
      form.dataset.svVisade = String(shown);
    }

    part.addEventListener("change", apply);
    position.addEventListener("change", apply);
    form.querySelector("[data-sv-skriv-ut]").addEventListener("click", function () {
      window.print();
    });
    apply();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
