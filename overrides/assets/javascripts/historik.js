/*
 * The history page's two small tools (overrides/samverkan/historik.md):
 *
 * - "Vad gällde den …?": looks a date up in the in-force periods the page
 *   carries in data-sv-perioder (computed at build time by
 *   samverkan.historik.giltighet).
 * - "Jämför två versioner": loads the page's versioner.json (every version's
 *   fields and sections, segmented at build time by samverkan.jamforelse) and
 *   compares any two in the browser with jamfor.js, a port of the Python
 *   engine that gives the same result as the ready-made pages; both loaded
 *   on first use.
 *
 * Text from documents only ever becomes DOM text, never markup. Works with
 * Material's instant navigation: init runs on every document$ emission, and
 * the data sits in attributes because Material re-creates inline <script>
 * elements without their attributes. No requests outside the site.
 */
(function () {
  "use strict";

  var here = document.currentScript ? document.currentScript.src : null;
  var loaded = {};

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  // A script beside this one, once; resolves to the global it defines.
  function load(file, global) {
    if (window[global]) return Promise.resolve(window[global]);
    if (!loaded[file]) {
      loaded[file] = new Promise(function (resolve, reject) {
        var script = el("script", { src: new URL(file, here || document.baseURI).href });
        script.onload = function () { resolve(window[global]); };
        script.onerror = function () { loaded[file] = null; reject(new Error(file)); };
        document.head.appendChild(script);
      });
    }
    return loaded[file];
  }

  /* ---------- Vad gällde den …? ---------- */

  // The periods link to the versions' source pages (…/version/1/index.md): the
  // site generator rewrites such links only in Markdown. Served, a page is
  // …/version/1/, or …/version/1/index.html when built with
  // --no-directory-urls (the PR preview); this page's own address tells which.
  function served(href) {
    return href.replace(/(^|\/)index\.md$/, "$1" + (/\.html$/.test(location.pathname) ? "index.html" : ""));
  }

  // The tense follows the date, seen from the build date the page was made on
  // (the day its "Gäller i dag" says): gällde, gäller, kommer att gälla.
  function tense(day, today) {
    return !today || day === today ? "gäller" : day < today ? "gällde" : "kommer att gälla";
  }

  function initInForce(form) {
    var periods = JSON.parse(form.getAttribute("data-sv-perioder") || "[]");
    var today = form.getAttribute("data-sv-idag") || "";
    var input = form.querySelector("input[type=date]");
    var out = form.querySelector("[data-sv-gallde-svar]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var day = input.value;
      out.textContent = "";
      if (!day) return;
      var verb = tense(day, today);
      var hit = periods.filter(function (p) { return p.start <= day && (!p.end || day <= p.end); })[0];
      if (hit) {
        out.appendChild(document.createTextNode("Den " + day + " " + verb + " "));
        out.appendChild(el("a", { href: served(hit.href) }, [hit.label.charAt(0).toLowerCase() + hit.label.slice(1)]));
        out.appendChild(document.createTextNode(
          " (giltig " + hit.start + " – " + (hit.end ? hit.end : "tills vidare") + ")."));
      } else if (verb === "kommer att gälla") {
        out.textContent = "Den " + day + " kommer ingen fastställd version av dokumentet att gälla, enligt de beslut som finns.";
      } else {
        out.textContent = "Den " + day + " " + verb + " ingen fastställd version av dokumentet.";
      }
    });
  }

  /* ---------- Jämför två versioner ---------- */
  function initPicker(form) {
    var root = form.parentNode;
    var out = root.querySelector("[data-sv-jamfor-resultat]");
    var status = root.querySelector("[data-sv-jamfor-status]");
    var data = null, latest = 0;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var from = Number(form.elements.fran.value), to = Number(form.elements.till.value);
      var ticket = ++latest;
      out.textContent = "";
      if (from === to) {
        status.textContent = "Välj två olika versioner.";
        return;
      }
      status.textContent = "Jämför …";
      var url = new URL(form.getAttribute("data-sv-versioner"), document.baseURI).href;
      var loading = data ? Promise.resolve(data) : fetch(url).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      });
      Promise.all([loading, load("jamfor.js", "svJamfor")]).then(function (loaded) {
        data = loaded[0];
        if (ticket !== latest) return;  // a later choice has been submitted
        var byNumber = {};
        data.versions.forEach(function (v) { byNumber[v.number] = v; });
        var older = byNumber[Math.min(from, to)], newer = byNumber[Math.max(from, to)];
        var result = loaded[1].compare(older, newer, { heading: 4 });
        var title = older.label + " → " + newer.label;
        out.appendChild(el("h3", {}, [title]));
        out.appendChild(el("p", {}, [el("strong", {}, ["Sammanfattning:"]), " " + result.summary]));
        out.appendChild(result.view);
        // the live region says what happened; the comparison itself is read when the user gets to it
        status.textContent = title + ": " + result.summary + ". Jämförelsen visas nedan.";
      }).catch(function () {
        if (ticket !== latest) return;
        out.textContent = "";
        status.textContent = "Jämförelsen kunde inte laddas. Använd de färdiga jämförelserna ovan.";
      });
    });
  }

  function init() {
    [["form[data-sv-gallde]", initInForce], ["form[data-sv-jamfor]", initPicker]].forEach(function (tool) {
      document.querySelectorAll(tool[0]).forEach(function (form) {
        // document$ may emit again for the same page (e.g. a hash change)
        if (form.hasAttribute("data-sv-klar")) return;
        form.setAttribute("data-sv-klar", "");
        tool[1](form);
      });
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
