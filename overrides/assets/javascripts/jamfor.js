/*
 * The comparison behind the history page's picker (historik.js loads this file
 * and jsdiff on first use): two versions from versioner.json, sections aligned
 * by heading, blocks by text, list items and table rows one by one, words
 * within a changed block — the same steps as samverkan.jamforelse, whose
 * ready-made pages remain the reference. The result uses their markup and
 * classes (jamforelse.css). Text from documents only ever becomes DOM text.
 *
 * window.svJamfor.compare(Diff, older, newer) -> { summary, view }
 */
(function () {
  "use strict";

  var FIELD_NAMES = {
    titel: "Titel", status: "Status", version: "Version", diarienummer: "Diarienummer",
    "fastställd": "Fastställd", "fastställd_av": "Fastställd av", "giltig_från": "Giltig från",
    "giltig_till": "Giltig till", "upphävd": "Upphävd", revideras: "Revideras", parter: "Parter",
    "dokumentägare": "Dokumentägare"
  };
  // the class names of samverkan.jamforelse.render_html (CLASS)
  var CLASS = { changed: "andrad", added: "tillagd", removed: "borttagen", unchanged: "oforandrad" };
  var SECTION = { changed: "Ändrat avsnitt", added: "Tillagt avsnitt", removed: "Borttaget avsnitt" };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }


  // Re-wrapping a paragraph is no change a reader sees (as in jamforelse.words).
  function flat(text) { return String(text).replace(/\s+/g, " ").trim(); }

  function marked(tag, label, text) {
    return el(tag, {}, [el("span", { "class": "sv-dold" }, [label]), text]);
  }

  function whole(kind, text) {
    if (!text) return [];
    return kind === "added" ? [marked("ins", "Tillagt: ", text)] : [marked("del", "Borttaget: ", text)];
  }

  // Hunks [kept?, old text, new text] from jsdiff's word parts, then the
  // clean-up of jamforelse.words (_merge, _shift, _pieces), so a change reads
  // as a phrase ("Kvartal 1" → "Senast 30 april"), as on the ready-made pages.
  function hunks(parts) {
    var out = [];
    parts.forEach(function (p) {
      var last = out[out.length - 1];
      if (!p.added && !p.removed) { out.push([true, p.value, p.value]); return; }
      if (!last || last[0]) out.push(last = [false, "", ""]);
      last[p.removed ? 1 : 2] += p.value;
    });
    return out;
  }

  function size(h) { return Math.max(h[1].length, h[2].length); }

  // A kept run that is only whitespace, or no longer than the changes on both sides, joins them.
  function merge(hs) {
    var i = 1;
    while (i < hs.length - 1) {
      var before = hs[i - 1], kept = hs[i], after = hs[i + 1];
      if (!before[0] && kept[0] && !after[0] &&
          (/^\s+$/.test(kept[2]) || kept[2].length <= Math.min(size(before), size(after)))) {
        before[1] += kept[1] + after[1];
        before[2] += kept[2] + after[2];
        hs.splice(i, 2);
        i = Math.max(1, i - 2);
      } else {
        i++;
      }
    }
    return hs;
  }

  // "Ett {+reviderat +}stöd", not "Ett{+ reviderat+} stöd".
  function shift(hs) {
    for (var i = 1; i < hs.length - 1; i++) {
      var prev = hs[i - 1], change = hs[i], kept = hs[i + 1];
      if (change[0] || !kept[0] || !prev[0] || (change[1] && change[2])) continue;
      var side = change[1] ? 1 : 2;
      while (/^\s/.test(change[side]) && change[side][0] === kept[1][0] && kept[1][0] === kept[2][0]) {
        var c = change[side][0];
        change[side] = change[side].slice(1) + c;
        prev[1] += c; prev[2] += c;
        kept[1] = kept[1].slice(1); kept[2] = kept[2].slice(1);
      }
    }
    return hs.filter(function (h) { return h[1] || h[2]; });
  }

  function words(Diff, before, after) {
    var out = [];
    shift(merge(hunks(Diff.diffWordsWithSpace(before, after)))).forEach(function (h) {
      if (h[0]) { out.push(h[2]); return; }
      // whitespace both sides share at the edges is kept text, not part of the change
      var lead = h[1] && h[2] ? common(h[1], h[2], /^\s+/) : "";
      var a = h[1].slice(lead.length), b = h[2].slice(lead.length);
      var trail = a && b ? common(a, b, /\s+$/) : "";
      if (lead) out.push(lead);
      if (a.length > trail.length) out.push(marked("del", "Borttaget: ", a.slice(0, a.length - trail.length)));
      if (b.length > trail.length) out.push(marked("ins", "Tillagt: ", b.slice(0, b.length - trail.length)));
      if (trail) out.push(trail);
    });
    return out;
  }

  function common(a, b, pattern) {
    var ma = a.match(pattern), mb = b.match(pattern);
    return ma && mb && ma[0] === mb[0] && ma[0] !== a && mb[0] !== b ? ma[0] : "";
  }

  function pieces(Diff, before, after) {
    return before === null ? whole("added", after) : after === null ? whole("removed", before) : words(Diff, before, after);
  }

  // Pairs up two lists: [[old, new], [old, null], [null, new], …], a removal
  // followed by an insertion becoming a change.
  function align(Diff, before, after, key) {
    var parts = Diff.diffArrays(before.map(key), after.map(key));
    var pairs = [], i = 0, j = 0, k, n;
    for (k = 0; k < parts.length; k++) {
      var part = parts[k], next = parts[k + 1];
      if (!part.added && !part.removed) {
        for (n = 0; n < part.count; n++) pairs.push([before[i++], after[j++]]);
      } else if (part.removed && next && next.added) {
        var paired = Math.min(part.count, next.count);
        for (n = 0; n < paired; n++) pairs.push([before[i++], after[j++]]);
        for (n = paired; n < part.count; n++) pairs.push([before[i++], null]);
        for (n = paired; n < next.count; n++) pairs.push([null, after[j++]]);
        k++;
      } else if (part.removed) {
        for (n = 0; n < part.count; n++) pairs.push([before[i++], null]);
      } else {
        for (n = 0; n < part.count; n++) pairs.push([null, after[j++]]);
      }
    }
    return pairs;
  }

  function blockKey(b) { return b.kind + "\n" + (b.kind === "code" ? b.text : flat(b.text)); }

  function state(kind) { return kind === "replaced" ? "andrad" : CLASS[kind]; }

  function row(Diff, pair, tag) {
    var before = pair[0], after = pair[1], width = Math.max((before || []).length, (after || []).length);
    var kind = !before ? "added" : !after ? "removed" : before.join("|") === after.join("|") ? "unchanged" : "changed";
    var out = [];
    for (var c = 0; c < width; c++) {
      out.push(el(tag, tag === "th" ? { scope: "col" } : {}, pieces(Diff,
        before ? flat(before[c] || "") : null, after ? flat(after[c] || "") : null)));
    }
    return el("tr", { "class": "sv-jmf__rad--" + CLASS[kind] }, out);
  }

  function block(Diff, pair) {
    var before = pair[0], after = pair[1], one = after || before;
    var kind = !before ? "added" : !after ? "removed" : before.kind !== after.kind ? "replaced" : "changed";
    var cls = "sv-jmf__block sv-jmf__block--" + state(kind);
    if (one.kind === "table" && kind !== "replaced") {
      var rows = align(Diff, before ? before.rows : [], after ? after.rows : [], function (r) { return r.join("|"); });
      return el("table", { "class": "sv-jmf__tabell " + cls }, rows.length ? [
        el("thead", {}, [row(Diff, rows[0], "th")]),
        el("tbody", {}, rows.slice(1).map(function (r) { return row(Diff, r, "td"); }))] : []);
    }
    if (one.kind === "list" && kind !== "replaced") {
      var items = align(Diff, before ? before.items : [], after ? after.items : [], flat);
      return el(one.ordered ? "ol" : "ul", { "class": cls }, items.map(function (item) {
        return el("li", {}, pieces(Diff, item[0] === null ? null : flat(item[0]), item[1] === null ? null : flat(item[1])));
      }));
    }
    if (one.kind === "code" && kind !== "replaced") {
      return el("pre", { "class": "sv-jmf__kod " + cls }, [el("code", {},
        pieces(Diff, before ? before.text : null, after ? after.text : null))]);
    }
    var content = kind === "replaced" ? whole("removed", flat(before.text)).concat(whole("added", flat(after.text)))
      : pieces(Diff, before ? flat(before.text) : null, after ? flat(after.text) : null);
    var paragraph = el("p", one.kind === "quote" ? {} : { "class": cls }, content);
    return one.kind === "quote" ? el("blockquote", { "class": cls }, [paragraph]) : paragraph;
  }

  function section(Diff, kind, title, pairs) {
    return el("section", { "class": "sv-jmf__avsnitt sv-jmf__avsnitt--" + CLASS[kind] }, [
      el("h4", { "class": "sv-jmf__rubrik" }, [el("span", { "class": "sv-jmf__typ" }, [SECTION[kind] + ":"]), " " + title])
    ].concat(pairs.map(function (p) { return block(Diff, p); })));
  }

  // The comparison from older to newer: {summary, view}, view in the markup of the inline pages.
  function compare(Diff, older, newer) {
    var view = el("div", { "class": "sv-jmf sv-jmf--inline" }, []);
    var counts = { changed: 0, added: 0, removed: 0 }, fields = [], parts = [];
    Object.keys(FIELD_NAMES).forEach(function (key) {
      var a = older.fields[key] || "", b = newer.fields[key] || "";
      if (a !== b) fields.push(el("tr", {}, [el("th", { scope: "row" }, [FIELD_NAMES[key]]),
        el("td", {}, [a || "(saknas)"]), el("td", {}, [b || "(saknas)"])]));
    });
    align(Diff, older.sections, newer.sections, function (s) { return s.key; }).forEach(function (pair) {
      var before = pair[0], after = pair[1];
      if (before && after) {
        var blocks = align(Diff, before.blocks, after.blocks, blockKey)
          .filter(function (p) { return !(p[0] && p[1] && blockKey(p[0]) === blockKey(p[1])); });
        if (!blocks.length && before.title === after.title) return;
        counts.changed++;
        parts.push(section(Diff, "changed", after.title || "Inledning", blocks));
      } else {
        var one = before || after, kind = before ? "removed" : "added";
        counts[kind]++;
        parts.push(section(Diff, kind, one.title || "Inledning", one.blocks.map(function (b) {
          return before ? [b, null] : [null, b];
        })));
      }
    });
    var summary = [];
    if (counts.changed) summary.push(counts.changed + " avsnitt " + (counts.changed === 1 ? "ändrat" : "ändrade"));
    if (counts.added) summary.push(counts.added + " " + (counts.added === 1 ? "tillagt" : "tillagda"));
    if (counts.removed) summary.push(counts.removed + " " + (counts.removed === 1 ? "borttaget" : "borttagna"));
    var text = (summary.length ? summary.join(", ") : "inga ändringar i texten") +
      (fields.length ? "; " + fields.length + (fields.length === 1 ? " uppgift ändrad" : " uppgifter ändrade") : "") + ".";
    if (fields.length) {
      view.appendChild(el("h4", { "class": "sv-jmf__rubrik" }, ["Ändrade uppgifter"]));
      view.appendChild(el("table", { "class": "sv-jmf__falt" }, [
        el("thead", {}, [el("tr", {}, [el("th", { scope: "col" }, ["Uppgift"]), el("th", { scope: "col" }, ["Före"]),
          el("th", { scope: "col" }, ["Efter"])])]), el("tbody", {}, fields)]));
    }
    parts.forEach(function (p) { view.appendChild(p); });
    return { summary: text, view: view };
  }

  window.svJamfor = { compare: compare };
})();
