/*
 * The history page's two small tools (overrides/samverkan/historik.md):
 *
 * - "Vad gällde den …?": looks a date up in the in-force periods embedded in
 *   the page (computed at build time by samverkan.historik.giltighet).
 * - "Jämför två versioner": loads the page's versioner.json (every version's
 *   fields and sections, segmented at build time by samverkan.jamforelse) and
 *   compares any two in the browser with jsdiff (vendored, loaded on first
 *   use). Sections are aligned by heading, blocks by text, list items and
 *   table rows one by one, words within a changed block — the same steps as
 *   the ready-made comparison pages, which remain the reference.
 *
 * Text from documents only ever becomes DOM text, never markup. Works with
 * Material's instant navigation (document$); no requests outside the site.
 */
(function () {
  "use strict";

  var FIELD_NAMES = {
    titel: "Titel", status: "Status", version: "Version", diarienummer: "Diarienummer",
    "fastställd": "Fastställd", "fastställd_av": "Fastställd av", "giltig_från": "Giltig från",
    "giltig_till": "Giltig till", "upphävd": "Upphävd", revideras: "Revideras", parter: "Parter",
    "dokumentägare": "Dokumentägare"
  };
  var here = document.currentScript ? document.currentScript.src : null;
  var diffLibrary = null;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function loadDiff() {
    if (window.Diff) return Promise.resolve(window.Diff);
    if (!diffLibrary) {
      diffLibrary = new Promise(function (resolve, reject) {
        var script = el("script", { src: new URL("vendor/diff-9.0.0.min.js", here || document.baseURI).href });
        script.onload = function () { resolve(window.Diff); };
        script.onerror = function () { diffLibrary = null; reject(new Error("diff")); };
        document.head.appendChild(script);
      });
    }
    return diffLibrary;
  }

  /* ---------- Vad gällde den …? ---------- */

  function initInForce(form) {
    var data = JSON.parse(form.querySelector("[data-sv-gallde-data]").textContent);
    var input = form.querySelector("input[type=date]");
    var out = form.querySelector("[data-sv-gallde-svar]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var day = input.value;
      out.textContent = "";
      if (!day) return;
      var hit = data.filter(function (p) { return p.start <= day && (!p.end || day <= p.end); })[0];
      if (hit) {
        out.appendChild(document.createTextNode("Den " + day + " gällde "));
        out.appendChild(el("a", { href: hit.href }, [hit.label.toLowerCase()]));
        out.appendChild(document.createTextNode(
          " (" + hit.start + " – " + (hit.end ? hit.end : "tills vidare") + ")."));
      } else {
        out.textContent = "Den " + day + " gällde ingen fastställd version av dokumentet.";
      }
    });
  }

  /* ---------- Jämför två versioner ---------- */

  function marked(tag, label, text) {
    return el(tag, {}, [el("span", { "class": "sv-dold" }, [label]), text]);
  }

  function words(Diff, before, after) {
    var out = [];
    Diff.diffWordsWithSpace(before, after).forEach(function (part) {
      if (part.added) out.push(marked("ins", "Tillagt: ", part.value));
      else if (part.removed) out.push(marked("del", "Borttaget: ", part.value));
      else out.push(part.value);
    });
    return out;
  }

  function whole(kind, text) {
    return kind === "added" ? [marked("ins", "Tillagt: ", text)] : [marked("del", "Borttaget: ", text)];
  }

  // Pairs up two lists: [[old, new], [old, null], [null, new], …], a removal
  // followed by an insertion becoming a change.
  function align(Diff, before, after, key) {
    var parts = Diff.diffArrays(before.map(key), after.map(key));
    var pairs = [], i = 0, j = 0, k;
    for (k = 0; k < parts.length; k++) {
      var part = parts[k], next = parts[k + 1], n;
      if (!part.added && !part.removed) {
        for (n = 0; n < part.count; n++) pairs.push([before[i++], after[j++]]);
      } else if (part.removed && next && next.added) {
        var common = Math.min(part.count, next.count);
        for (n = 0; n < common; n++) pairs.push([before[i++], after[j++]]);
        for (n = common; n < part.count; n++) pairs.push([before[i++], null]);
        for (n = common; n < next.count; n++) pairs.push([null, after[j++]]);
        k++;
      } else if (part.removed) {
        for (n = 0; n < part.count; n++) pairs.push([before[i++], null]);
      } else {
        for (n = 0; n < part.count; n++) pairs.push([null, after[j++]]);
      }
    }
    return pairs;
  }

  function cells(Diff, row, tag) {
    var before = row[0] || [], after = row[1] || [];
    var width = Math.max(before.length, after.length), out = [];
    for (var c = 0; c < width; c++) {
      var a = before[c] || "", b = after[c] || "";
      out.push(el(tag, tag === "th" ? { scope: "col" } : {},
        !row[0] ? whole("added", b) : !row[1] ? whole("removed", a) : words(Diff, a, b)));
    }
    return out;
  }

  function block(Diff, pair) {
    var before = pair[0], after = pair[1], kind = !before ? "added" : !after ? "removed" : "changed";
    var cls = "sv-jmf__block sv-jmf__block--" + { added: "tillagt", removed: "borttaget", changed: "andrat" }[kind];
    var one = after || before;
    if (kind === "changed" && before.kind !== after.kind) kind = "replaced";
    if (one.kind === "table" && kind === "changed") {
      var rows = align(Diff, before.rows, after.rows, function (r) { return r.join("|"); });
      var body = rows.slice(1).map(function (row) { return el("tr", {}, cells(Diff, row, "td")); });
      return el("table", { "class": "sv-jmf__tabell " + cls }, [
        el("thead", {}, [el("tr", {}, cells(Diff, rows[0], "th"))]), el("tbody", {}, body)]);
    }
    if (one.kind === "list" && kind === "changed") {
      var items = align(Diff, before.items, after.items, function (t) { return t; });
      return el(one.ordered ? "ol" : "ul", { "class": cls }, items.map(function (item) {
        return el("li", {}, !item[0] ? whole("added", item[1]) : !item[1] ? whole("removed", item[0]) : words(Diff, item[0], item[1]));
      }));
    }
    var content = kind === "changed" ? words(Diff, before.text, after.text)
      : kind === "replaced" ? whole("removed", before.text).concat(whole("added", after.text))
      : whole(kind, one.text);
    return el("p", { "class": cls + " sv-jmf__radbrytning" }, content);
  }

  function sectionTitle(section) { return section.title || "Inledning"; }

  function compare(Diff, older, newer) {
    var result = el("div", {}, []);
    var counts = { changed: 0, added: 0, removed: 0 };
    var fields = [];
    Object.keys(FIELD_NAMES).forEach(function (key) {
      var a = older.fields[key] || "", b = newer.fields[key] || "";
      if (a !== b) fields.push(el("tr", {}, [el("th", { scope: "row" }, [FIELD_NAMES[key]]),
        el("td", {}, [a || "–"]), el("td", {}, [b || "–"])]));
    });
    var sections = align(Diff, older.sections, newer.sections, function (s) { return s.key; });
    var parts = [];
    sections.forEach(function (pair) {
      var before = pair[0], after = pair[1];
      if (before && after) {
        var blocks = align(Diff, before.blocks, after.blocks, function (b) { return b.text; })
          .filter(function (p) { return !(p[0] && p[1] && p[0].text === p[1].text); });
        if (!blocks.length && before.title === after.title) return;
        counts.changed++;
        parts.push(el("h3", { "class": "sv-jmf__avsnitt" }, [sectionTitle(after)]));
        blocks.forEach(function (p) { parts.push(block(Diff, p)); });
      } else {
        var one = before || after;
        counts[before ? "removed" : "added"]++;
        parts.push(el("h3", { "class": "sv-jmf__avsnitt" }, [
          sectionTitle(one) + (before ? " (borttaget avsnitt)" : " (nytt avsnitt)")]));
        one.blocks.forEach(function (b) { parts.push(block(Diff, before ? [b, null] : [null, b])); });
      }
    });
    var summary = [];
    if (counts.changed) summary.push(counts.changed + " avsnitt " + (counts.changed === 1 ? "ändrat" : "ändrade"));
    if (counts.added) summary.push(counts.added + " " + (counts.added === 1 ? "tillagt" : "tillagda"));
    if (counts.removed) summary.push(counts.removed + " " + (counts.removed === 1 ? "borttaget" : "borttagna"));
    result.appendChild(el("p", {}, [el("strong", {}, ["Sammanfattning: "]),
      (summary.length ? summary.join(", ") : "inga ändringar i texten") +
      (fields.length ? "; " + fields.length + (fields.length === 1 ? " uppgift ändrad" : " uppgifter ändrade") : "") + "."]));
    if (fields.length) {
      result.appendChild(el("h3", { "class": "sv-jmf__rubrik" }, ["Ändrade uppgifter"]));
      result.appendChild(el("table", { "class": "sv-jmf__falt" }, [
        el("thead", {}, [el("tr", {}, [el("th", { scope: "col" }, ["Uppgift"]), el("th", { scope: "col" }, ["Före"]),
          el("th", { scope: "col" }, ["Efter"])])]), el("tbody", {}, fields)]));
    }
    parts.forEach(function (p) { result.appendChild(p); });
    return result;
  }

  function initPicker(form) {
    var out = form.parentNode.querySelector("[data-sv-jamfor-resultat]");
    var data = null;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var from = Number(form.elements.fran.value), to = Number(form.elements.till.value);
      out.textContent = "Jämför …";
      var url = new URL(form.getAttribute("data-sv-versioner"), document.baseURI).href;
      var loading = data ? Promise.resolve(data) : fetch(url).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      });
      Promise.all([loading, loadDiff()]).then(function (loaded) {
        data = loaded[0];
        var byNumber = {};
        data.versions.forEach(function (v) { byNumber[v.number] = v; });
        var older = byNumber[Math.min(from, to)], newer = byNumber[Math.max(from, to)];
        out.textContent = "";
        out.appendChild(el("h3", {}, [older.label + " → " + newer.label]));
        if (from === to) {
          out.appendChild(el("p", {}, ["Välj två olika versioner."]));
          return;
        }
        out.appendChild(compare(loaded[1], older, newer));
      }).catch(function () {
        out.textContent = "Jämförelsen kunde inte laddas. Använd de färdiga jämförelserna ovan.";
      });
    });
  }

  function init() {
    document.querySelectorAll("form[data-sv-gallde]").forEach(initInForce);
    document.querySelectorAll("form[data-sv-jamfor]").forEach(initPicker);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
