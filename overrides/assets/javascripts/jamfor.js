/*
 * The comparison behind the history page's picker (historik.js loads this file
 * on first use): two versions from versioner.json compared in the browser.
 *
 * This is a line-by-line port of the Python engine (samverkan.jamforelse:
 * words.py, align.py, blocks.py, comparison.py, fields.py, summary.py and the
 * inline template), including difflib's SequenceMatcher, so the picker and the
 * ready-made pages give the same result for the same pair. The build ships
 * what the Python side segments (sections, blocks, readable field values), so
 * no Markdown is parsed here.
 * tests/browser/test_jamfor_samma.py runs every golden comparison case
 * (tests/fixtures/jamforelse/) through both and requires the same markup.
 * Change both together.
 *
 * Text from documents only ever becomes DOM text, never markup.
 *
 * window.svJamfor.compare(older, newer, {heading: 3}) -> { summary, view }
 */
(function () {
  "use strict";

  var EQUAL = "equal", DELETE = "delete", INSERT = "insert";
  var UNCHANGED = "unchanged", CHANGED = "changed", ADDED = "added", REMOVED = "removed";
  var CLASS = { unchanged: "oforandrad", changed: "andrad", added: "tillagd", removed: "borttagen" };
  var THRESHOLD = 0.5, SECTION_THRESHOLD = 0.5, MOVE_THRESHOLD = 0.8, SEARCH_LIMIT = 4000;
  var MISSING = "(saknas)";

  /* ---------- Python's notion of whitespace (str.isspace, re's \s) ---------- */

  var SPACE = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  var IS_SPACE = new RegExp("^[" + SPACE + "]+$");
  var SPACES = new RegExp("[" + SPACE + "]+");
  var LEAD = new RegExp("^[" + SPACE + "]+");
  var TRAIL = new RegExp("[" + SPACE + "]+$");
  var TOKEN = new RegExp(
    "\\[\\[[^\\[\\]\\n]*\\]\\]" +                      // a [[reference]] is one token
    "|\\p{Nd}+(?:[.,:/\\-\u2013]\\p{Nd}+)*" +          // numbers, dates, times, version labels
    "|[\\p{L}\\p{N}]+" +                               // a word ([^\W_] in Python)
    "|\\n|[" + SPACE.replace("\\n", "") + "]+" +       // a line break alone; other whitespace
    "|[\\s\\S]",                                       // anything else, one character
    "gu");

  function isSpace(text) { return text.length > 0 && IS_SPACE.test(text); }
  // " ".join(text.split())
  function normalise(text) { return text.split(SPACES).filter(function (w) { return w; }).join(" "); }
  // len() counts code points, not UTF-16 units
  function len(text) { var n = 0; for (var i = 0; i < text.length; i++) { var c = text.charCodeAt(i); if (c < 0xdc00 || c > 0xdfff) n++; } return n; }
  function first(text) { return text ? String.fromCodePoint(text.codePointAt(0)) : ""; }

  /* ---------- difflib.SequenceMatcher(None, a, b, autojunk=False) ---------- */

  function Matcher(a, b) {
    this.a = a; this.b = b;
    var b2j = new Map();
    for (var j = 0; j < b.length; j++) {
      var list = b2j.get(b[j]);
      if (!list) b2j.set(b[j], list = []);
      list.push(j);
    }
    this.b2j = b2j;
    this.blocks = null;
  }

  Matcher.prototype.longest = function (alo, ahi, blo, bhi) {
    var a = this.a, b = this.b, besti = alo, bestj = blo, bestsize = 0, j2len = new Map();
    for (var i = alo; i < ahi; i++) {
      var next = new Map(), js = this.b2j.get(a[i]) || [];
      for (var n = 0; n < js.length; n++) {
        var j = js[n];
        if (j < blo) continue;
        if (j >= bhi) break;
        var k = (j2len.get(j - 1) || 0) + 1;
        next.set(j, k);
        if (k > bestsize) { besti = i - k + 1; bestj = j - k + 1; bestsize = k; }
      }
      j2len = next;
    }
    while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) { besti--; bestj--; bestsize++; }
    while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) bestsize++;
    return [besti, bestj, bestsize];
  };

  Matcher.prototype.matchingBlocks = function () {
    if (this.blocks) return this.blocks;
    var la = this.a.length, lb = this.b.length, queue = [[0, la, 0, lb]], found = [];
    while (queue.length) {
      var q = queue.pop(), x = this.longest(q[0], q[1], q[2], q[3]), i = x[0], j = x[1], k = x[2];
      if (k) {
        found.push(x);
        if (q[0] < i && q[2] < j) queue.push([q[0], i, q[2], j]);
        if (i + k < q[1] && j + k < q[3]) queue.push([i + k, q[1], j + k, q[3]]);
      }
    }
    found.sort(function (p, q) { return p[0] - q[0] || p[1] - q[1] || p[2] - q[2]; });
    var i1 = 0, j1 = 0, k1 = 0, out = [];
    found.forEach(function (m) {
      if (i1 + k1 === m[0] && j1 + k1 === m[1]) { k1 += m[2]; }
      else { if (k1) out.push([i1, j1, k1]); i1 = m[0]; j1 = m[1]; k1 = m[2]; }
    });
    if (k1) out.push([i1, j1, k1]);
    out.push([la, lb, 0]);
    return (this.blocks = out);
  };

  Matcher.prototype.opcodes = function () {
    var i = 0, j = 0, out = [];
    this.matchingBlocks().forEach(function (m) {
      var ai = m[0], bj = m[1], size = m[2], tag = "";
      if (i < ai && j < bj) tag = "replace";
      else if (i < ai) tag = "delete";
      else if (j < bj) tag = "insert";
      if (tag) out.push([tag, i, ai, j, bj]);
      i = ai + size; j = bj + size;
      if (size) out.push(["equal", ai, i, bj, j]);
    });
    return out;
  };

  function ratioOf(matches, length) { return length ? 2.0 * matches / length : 1.0; }

  Matcher.prototype.ratio = function () {
    var matches = this.matchingBlocks().reduce(function (sum, m) { return sum + m[2]; }, 0);
    return ratioOf(matches, this.a.length + this.b.length);
  };

  Matcher.prototype.realQuickRatio = function () {
    var la = this.a.length, lb = this.b.length;
    return ratioOf(Math.min(la, lb), la + lb);
  };

  /* ---------- words.py ---------- */

  function tokenize(text) { return text.match(TOKEN) || []; }

  function tokens(text, exact) {
    var all = tokenize(text);
    if (exact) return all;
    var out = [];
    all.forEach(function (t) {
      if (out.length && isSpace(t) && isSpace(out[out.length - 1])) out[out.length - 1] += t;
      else out.push(t);
    });
    return out;
  }

  function keys(list, exact) { return exact ? list : list.map(function (t) { return isSpace(t) ? " " : t; }); }

  function similarity(old, neu) {
    var a = tokenize(old).filter(function (t) { return !isSpace(t); });
    var b = tokenize(neu).filter(function (t) { return !isSpace(t); });
    if (!a.length && !b.length) return 1.0;
    var m = new Matcher(a, b);
    if (m.realQuickRatio() < 0.2) return m.realQuickRatio();
    return m.ratio();
  }

  function diffWords(old, neu, exact) {
    var a = tokens(old, exact), b = tokens(neu, exact), hunks = [];
    new Matcher(keys(a, exact), keys(b, exact)).opcodes().forEach(function (op) {
      hunks.push([op[0] === "equal", a.slice(op[1], op[2]).join(""), b.slice(op[3], op[4]).join("")]);
    });
    return pieces(shift(merge(hunks)));
  }

  function size(h) { return Math.max(len(h[1]), len(h[2])); }

  function merge(hunks) {
    var index = 1;
    while (index < hunks.length - 1) {
      var before = hunks[index - 1], kept = hunks[index], after = hunks[index + 1];
      if (!before[0] && kept[0] && !after[0] &&
          (isSpace(kept[2]) || len(kept[2]) <= Math.min(size(before), size(after)))) {
        before[1] += kept[1] + after[1];
        before[2] += kept[2] + after[2];
        hunks.splice(index, 2);
        index = Math.max(1, index - 2);
      } else {
        index++;
      }
    }
    return hunks;
  }

  function shift(hunks) {
    for (var index = 0; index < hunks.length - 1; index++) {
      var change = hunks[index], kept = hunks[index + 1];
      if (change[0] || !kept[0] || (change[1] && change[2]) || index === 0 || !hunks[index - 1][0]) continue;
      var side = change[1] ? 1 : 2;
      while (isSpace(first(change[side])) && first(change[side]) === first(kept[1]) && first(kept[1]) === first(kept[2])) {
        var c = first(change[side]);
        change[side] = change[side].slice(c.length) + c;
        hunks[index - 1][1] += c;
        hunks[index - 1][2] += c;
        kept[1] = kept[1].slice(c.length);
        kept[2] = kept[2].slice(c.length);
      }
    }
    return hunks.filter(function (h) { return h[1] || h[2]; });
  }

  function pieces(hunks) {
    var out = [];
    function add(op, text) {
      if (!text) return;
      if (out.length && out[out.length - 1].op === op) out[out.length - 1].text += text;
      else out.push({ op: op, text: text });
    }
    hunks.forEach(function (h) {
      var old = h[1], neu = h[2];
      if (h[0]) { add(EQUAL, neu); return; }
      var lead = old && neu ? commonSpace(old, neu, true) : "";
      var trail = old && neu ? commonSpace(old.slice(lead.length), neu.slice(lead.length), false) : "";
      add(EQUAL, lead);
      add(DELETE, old.slice(lead.length, old.length - trail.length));
      add(INSERT, neu.slice(lead.length, neu.length - trail.length));
      add(EQUAL, trail);
    });
    return out;
  }

  function commonSpace(a, b, start) {
    var pattern = start ? LEAD : TRAIL, ma = a.match(pattern), mb = b.match(pattern);
    return ma && mb && ma[0] === mb[0] && ma[0] !== a && mb[0] !== b ? ma[0] : "";
  }

  function whole(op, text) { return text ? [{ op: op, text: text }] : []; }

  /* ---------- align.py ---------- */

  // SequenceMatcher's opcodes, anchored on the keys unique in both (align.opcodes)
  function opcodes(a, b) {
    var out = [], i = 0, j = 0;
    anchors(a, b).concat([[a.length, b.length]]).forEach(function (anchor) {
      var ai = anchor[0], bj = anchor[1];
      new Matcher(a.slice(i, ai), b.slice(j, bj)).opcodes().forEach(function (op) {
        out.push([op[0], i + op[1], i + op[2], j + op[3], j + op[4]]);
      });
      if (ai < a.length) out.push(["equal", ai, ai + 1, bj, bj + 1]);
      i = ai + 1; j = bj + 1;
    });
    return out;
  }

  function counts(list) {
    var n = new Map();
    list.forEach(function (k) { n.set(k, (n.get(k) || 0) + 1); });
    return n;
  }

  function bisectLeft(list, x) {
    var lo = 0, hi = list.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (list[mid] < x) lo = mid + 1; else hi = mid; }
    return lo;
  }

  function anchors(a, b) {
    var ca = counts(a), cb = counts(b), where = new Map(), found = [];
    b.forEach(function (k, j) { if (cb.get(k) === 1) where.set(k, j); });
    a.forEach(function (k, i) { if (ca.get(k) === 1 && where.has(k)) found.push([i, where.get(k)]); });
    var tails = [], tailJs = [], before = [];
    found.forEach(function (f, index) {
      var at = bisectLeft(tailJs, f[1]);
      before.push(at ? tails[at - 1] : null);
      if (at === tails.length) { tails.push(index); tailJs.push(f[1]); }
      else { tails[at] = index; tailJs[at] = f[1]; }
    });
    var run = [], index = tails.length ? tails[tails.length - 1] : null;
    while (index !== null) { run.push(found[index]); index = before[index]; }
    return run.reverse();
  }

  function pair(old, neu, key, score, threshold) {
    var out = [];
    opcodes(old.map(key), neu.map(key)).forEach(function (op) {
      if (op[0] === "equal") {
        for (var k = 0; k < op[2] - op[1]; k++) out.push([op[1] + k, op[3] + k]);
      } else {
        best(old, neu, op[1], op[2], op[3], op[4], score, threshold).forEach(function (p) { out.push(p); });
      }
    });
    return out;
  }

  function best(old, neu, r0, r1, c0, c1, score, threshold) {
    var n = r1 - r0, m = c1 - c0, out = [], matched = [], a, b, i, j, k;
    if (n === 0 || m === 0) {
      for (i = r0; i < r1; i++) out.push([i, null]);
      for (j = c0; j < c1; j++) out.push([null, j]);
      return out;
    }
    if (n * m > SEARCH_LIMIT) {
      for (k = 0; k < Math.min(n, m); k++) {
        if (score(old[r0 + k], neu[c0 + k]) >= threshold) matched.push([r0 + k, c0 + k]);
      }
    } else {
      var sim = [], table = [];
      for (a = 0; a < n; a++) {
        sim.push([]);
        for (b = 0; b < m; b++) sim[a].push(score(old[r0 + a], neu[c0 + b]));
      }
      for (a = 0; a <= n; a++) { table.push([]); for (b = 0; b <= m; b++) table[a].push(0.0); }
      for (a = n - 1; a >= 0; a--) {
        for (b = m - 1; b >= 0; b--) {
          var take = sim[a][b] >= threshold ? sim[a][b] + table[a + 1][b + 1] : -1.0;
          table[a][b] = Math.max(take, table[a + 1][b], table[a][b + 1]);
        }
      }
      a = 0; b = 0;
      while (a < n && b < m) {
        if (sim[a][b] >= threshold && table[a][b] === sim[a][b] + table[a + 1][b + 1]) {
          matched.push([r0 + a, c0 + b]); a++; b++;
        } else if (table[a][b] === table[a + 1][b]) {
          a++;
        } else {
          b++;
        }
      }
    }
    i = r0; j = c0;
    matched.concat([[r1, c1]]).forEach(function (p) {
      for (k = i; k < p[0]; k++) out.push([k, null]);
      for (k = j; k < p[1]; k++) out.push([null, k]);
      if (p[0] < r1) out.push([p[0], p[1]]);
      i = p[0] + 1; j = p[1] + 1;
    });
    return out;
  }

  function moves(pairs, match) {
    var removed = pairs.filter(function (p) { return p[1] === null; }).map(function (p) { return p[0]; });
    var moved = new Map(), taken = new Set();
    pairs.forEach(function (p) {
      if (p[0] !== null || p[1] === null) return;
      for (var n = 0; n < removed.length; n++) {
        var i = removed[n];
        if (!taken.has(i) && match(i, p[1])) { moved.set(p[1], i); taken.add(i); break; }
      }
    });
    var out = [];
    pairs.forEach(function (p) {
      if (p[1] === null && taken.has(p[0])) return;
      out.push(p[0] === null && moved.has(p[1]) ? [moved.get(p[1]), p[1]] : p);
    });
    return { pairs: out, moved: new Set(moved.keys()) };
  }

  /* ---------- segment.py: what blocks are aligned by (Block.key, Section.content) ---------- */

  function blockKey(b) {
    if (b.kind === "code") return "code " + b.info + "\n" + b.text;
    if (b.kind === "list") return "list " + (b.ordered ? "True" : "False") + " " + b.start + "\n" + b.items.map(normalise).join("\n");
    if (b.kind === "table") return "table\n" + b.rows.map(function (r) { return r.map(normalise).join(" | "); }).join("\n");
    return b.kind + "\n" + normalise(b.text);
  }

  function content(s) { return s.blocks.map(blockKey).join("\n"); }

  /* ---------- blocks.py ---------- */

  function blockWords(block) {
    if (block.kind === "list") return block.items.join("\n");
    if (block.kind === "table") return block.rows.map(function (r) { return r.join(" | "); }).join("\n");
    return block.text;
  }

  function blockScore(old, neu) { return old.kind !== neu.kind ? 0.0 : similarity(blockWords(old), blockWords(neu)); }

  var WHOLE_OP = { unchanged: EQUAL, added: INSERT, removed: DELETE };

  function single(kind, block) {
    var op = WHOLE_OP[kind], out = { kind: kind, block: block, pieces: [], items: [], rows: [] };
    if (block.kind === "list") {
      out.items = block.items.map(function (i) { return { kind: kind, pieces: whole(op, i) }; });
    } else if (block.kind === "table") {
      out.rows = block.rows.map(function (r) { return { kind: kind, cells: r.map(function (c) { return whole(op, c); }) }; });
    } else {
      out.pieces = whole(op, block.text);
    }
    return out;
  }

  function compareBlocks(old, neu) {
    return pair(old, neu, blockKey, blockScore, THRESHOLD).map(function (p) {
      if (p[0] === null) return single(ADDED, neu[p[1]]);
      if (p[1] === null) return single(REMOVED, old[p[0]]);
      return compareBlock(old[p[0]], neu[p[1]]);
    });
  }

  function compareBlock(old, neu) {
    if (blockKey(old) === blockKey(neu)) return single(UNCHANGED, neu);
    var out = { kind: CHANGED, block: neu, pieces: [], items: [], rows: [] };
    if (neu.kind === "list") out.items = items(old.items, neu.items);
    else if (neu.kind === "table") out.rows = rows(old.rows, neu.rows);
    else out.pieces = diffWords(old.text, neu.text, neu.kind === "code" || neu.kind === "html");
    return out;
  }

  function items(old, neu) {
    return pair(old, neu, normalise, similarity, THRESHOLD).map(function (p) {
      if (p[0] === null) return { kind: ADDED, pieces: whole(INSERT, neu[p[1]]) };
      if (p[1] === null) return { kind: REMOVED, pieces: whole(DELETE, old[p[0]]) };
      if (normalise(old[p[0]]) === normalise(neu[p[1]])) return { kind: UNCHANGED, pieces: whole(EQUAL, neu[p[1]]) };
      return { kind: CHANGED, pieces: diffWords(old[p[0]], neu[p[1]], false) };
    });
  }

  function rowKey(row) { return row.map(normalise).join(" | "); }

  function rows(old, neu) {
    var out = old.length && neu.length ? [row(old[0], neu[0])] : [];
    var oldBody = old.slice(1), newBody = neu.slice(1);
    pair(oldBody, newBody, rowKey, function (a, b) { return similarity(a.join(" | "), b.join(" | ")); }, THRESHOLD)
      .forEach(function (p) {
        if (p[0] === null) out.push({ kind: ADDED, cells: newBody[p[1]].map(function (c) { return whole(INSERT, c); }) });
        else if (p[1] === null) out.push({ kind: REMOVED, cells: oldBody[p[0]].map(function (c) { return whole(DELETE, c); }) });
        else out.push(row(oldBody[p[0]], newBody[p[1]]));
      });
    return out;
  }

  function row(old, neu) {
    if (rowKey(old) === rowKey(neu)) return { kind: UNCHANGED, cells: neu.map(function (c) { return whole(EQUAL, c); }) };
    var cells = [];
    for (var k = 0; k < Math.max(old.length, neu.length); k++) {
      cells.push(diffWords(k < old.length ? old[k] : "", k < neu.length ? neu[k] : "", false));
    }
    return { kind: CHANGED, cells: cells };
  }

  /* ---------- comparison.py ---------- */

  function sectionScore(old, neu) {
    var heading = old.level && neu.level ? similarity(old.key, neu.key) : (old.level === neu.level ? 1.0 : 0.0);
    if (!old.blocks.length && !neu.blocks.length) return heading;
    return Math.max(heading, similarity(content(old), content(neu)));
  }

  function compareSections(old, neu) {
    var found = pair(old, neu, function (s) { return (s.level ? "1" : "0") + " " + s.key; }, sectionScore, SECTION_THRESHOLD);
    var result = moves(found, function (i, j) {
      var a = old[i], b = neu[j];
      if (a.level && b.level && a.key && a.key === b.key) return true;
      return a.blocks.length > 0 && similarity(content(a), content(b)) >= MOVE_THRESHOLD;
    });
    return result.pairs.map(function (p) {
      if (p[0] === null) return wholeSection(ADDED, neu[p[1]]);
      if (p[1] === null) return wholeSection(REMOVED, old[p[0]]);
      return pairSections(old[p[0]], neu[p[1]], result.moved.has(p[1]));
    });
  }

  function wholeSection(kind, s) {
    return {
      kind: kind, section: s, moved: false,
      heading: whole(kind === ADDED ? INSERT : DELETE, s.heading),
      blocks: s.blocks.map(function (b) { return single(kind, b); })
    };
  }

  function pairSections(old, neu, moved) {
    var blocks = compareBlocks(old.blocks, neu.blocks);
    var same = normalise(old.heading) === normalise(neu.heading) && old.level === neu.level;
    var heading = same ? whole(EQUAL, neu.heading) : diffWords(old.heading, neu.heading, false);
    var unchanged = same && !moved && blocks.every(function (b) { return b.kind === UNCHANGED; });
    return { kind: unchanged ? UNCHANGED : CHANGED, section: neu, moved: moved, heading: heading, blocks: blocks };
  }

  function renamed(s) { return s.kind === CHANGED && s.heading.some(function (p) { return p.op !== EQUAL; }); }

  function description(s) {
    if (s.kind === CHANGED && s.moved) {
      var changed = renamed(s) || s.blocks.some(function (b) { return b.kind !== UNCHANGED; });
      return changed ? "Flyttat och ändrat avsnitt" : "Flyttat avsnitt";
    }
    return { unchanged: "Oförändrat avsnitt", changed: "Ändrat avsnitt", added: "Tillagt avsnitt", removed: "Borttaget avsnitt" }[s.kind];
  }

  /* ---------- fields.py ---------- */

  function compareFields(old, neu) {
    var ov = old.values, nv = neu.values;
    var all = neu.keys.concat(old.keys.filter(function (k) { return !(k in nv); }));
    var rank = function (k) { var e = nv[k] || ov[k]; return e.rank === null || e.rank === undefined ? null : e.rank; };
    var order = all.map(function (k, index) { return [k, index]; });
    order.sort(function (x, y) {
      var rx = rank(x[0]), ry = rank(y[0]);
      if ((rx === null) !== (ry === null)) return rx === null ? 1 : -1;
      return (rx === null ? 0 : rx - ry) || x[1] - y[1];
    });
    var out = [];
    order.forEach(function (entry) {
      var key = entry[0], a = ov[key], b = nv[key];
      if (a && b && a.plain === b.plain) return;
      var label = (b || a).label;
      var aListy = !a || a.kind !== "other", bListy = !b || b.kind !== "other";
      var aTruthy = a && a.kind === "list" && a.items.length > 0, bTruthy = b && b.kind === "list" && b.items.length > 0;
      if (aListy && bListy && (aTruthy || bTruthy)) {
        var oldItems = a && a.kind === "list" ? a.items : [], newItems = b && b.kind === "list" ? b.items : [];
        var oldSet = new Set(oldItems.map(function (i) { return i[0]; }));
        var newSet = new Set(newItems.map(function (i) { return i[0]; }));
        var added = newItems.filter(function (i) { return !oldSet.has(i[0]); }).map(function (i) { return i[1]; });
        var removed = oldItems.filter(function (i) { return !newSet.has(i[0]); }).map(function (i) { return i[1]; });
        if (added.length || removed.length) {
          out.push({ key: key, label: label, old: null, neu: null, added: added, removed: removed, list: true });
          return;
        }
      }
      out.push({ key: key, label: label, old: a ? a.shown : null, neu: b ? b.shown : null, added: [], removed: [], list: false });
    });
    return out;
  }

  function before(f) {
    if (f.list) return f.removed.length ? "Borttagna: " + f.removed.join(", ") : "–";
    return f.old === null ? MISSING : f.old;
  }

  function after(f) {
    if (f.list) return f.added.length ? "Tillagda: " + f.added.join(", ") : "–";
    return f.neu === null ? MISSING : f.neu;
  }

  /* ---------- summary.py ---------- */

  var FORMS = [["changed", "ändrat", "ändrade"], ["added", "tillagt", "tillagda"], ["removed", "borttaget", "borttagna"]];

  function form(count, one, many) { return count + " " + (count === 1 ? one : many); }

  function summary(counts, fields) {
    var parts = FORMS.filter(function (f) { return counts[f[0]]; }).map(function (f) { return form(counts[f[0]], f[1], f[2]); });
    var text;
    if (!parts.length) {
      text = "inga ändringar i texten";
    } else {
      var space = parts[0].indexOf(" ");
      parts[0] = parts[0].slice(0, space) + " avsnitt" + parts[0].slice(space);
      text = parts.join(", ");
    }
    var rest = [];
    ["status", "version"].forEach(function (key) {
      fields.forEach(function (f) {
        if (f.key === key) rest.push(key + " " + (f.old || MISSING) + " → " + (f.neu || MISSING));
      });
    });
    var others = fields.filter(function (f) { return f.key !== "status" && f.key !== "version"; }).length;
    if (others) {
      rest.push(rest.length ? form(others, "annan uppgift ändrad", "andra uppgifter ändrade")
        : form(others, "uppgift ändrad", "uppgifter ändrade"));
    }
    if (!rest.length && !FORMS.some(function (f) { return counts[f[0]]; })) return "inga ändringar";
    return [text].concat(rest).join("; ");
  }

  /* ---------- the inline view (jamforelse/inline.html and _makron.html) ---------- */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    (attrs || []).forEach(function (a) { node.setAttribute(a[0], a[1]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function line(text) { return text.replace(/\r/g, "").replace(/\n/g, " "); }
  function pre(text) { return text.replace(/\r/g, ""); }

  function marks(list, inPre) {
    return list.map(function (p) {
      var t = inPre ? pre(p.text) : line(p.text);
      if (p.op === EQUAL) return t;
      var del = p.op === DELETE;
      return el(del ? "del" : "ins", [], [el("span", [["class", "sv-dold"]], [del ? "Borttaget: " : "Tillagt: "]), t]);
    });
  }

  function headingOf(s) { return renamed(s) ? marks(s.heading) : [line(s.section.title)]; }

  function block(b) {
    var state = "sv-jmf__block sv-jmf__block--" + CLASS[b.kind], one = b.block;
    if (one.kind === "list") {
      var attrs = [["class", state]];
      if (one.ordered && one.start !== 1) attrs.push(["start", String(one.start)]);
      return el(one.ordered ? "ol" : "ul", attrs, b.items.map(function (i) {
        return el("li", [["class", "sv-jmf__post--" + CLASS[i.kind]]], marks(i.pieces));
      }));
    }
    if (one.kind === "table") {
      var parts = [];
      if (b.rows.length) {
        parts.push(el("thead", [], [el("tr", [["class", "sv-jmf__rad--" + CLASS[b.rows[0].kind]]], b.rows[0].cells.map(function (c) {
          return el("th", [["scope", "col"]], marks(c));
        }))]));
      }
      parts.push(el("tbody", [], b.rows.slice(1).map(function (r) {
        return el("tr", [["class", "sv-jmf__rad--" + CLASS[r.kind]]], r.cells.map(function (c) { return el("td", [], marks(c)); }));
      })));
      return el("table", [["class", "sv-jmf__tabell " + state]], parts);
    }
    if (one.kind === "code" || one.kind === "html") {
      return el("pre", [["class", "sv-jmf__kod " + state]], [el("code", [], marks(b.pieces, true))]);
    }
    if (one.kind === "quote") return el("blockquote", [["class", state]], [el("p", [], marks(b.pieces))]);
    return el("p", [["class", state]], marks(b.pieces));
  }

  function fieldTable(fields, h) {
    return [
      el("h" + h, [["class", "sv-jmf__rubrik"]], ["Ändrade uppgifter"]),
      el("table", [["class", "sv-jmf__falt"]], [
        el("thead", [], [el("tr", [], [el("th", [["scope", "col"]], ["Uppgift"]), el("th", [["scope", "col"]], ["Före"]),
          el("th", [["scope", "col"]], ["Efter"])])]),
        el("tbody", [], fields.map(function (f) {
          return el("tr", [], [el("th", [["scope", "row"]], [f.label]), el("td", [], [before(f)]), el("td", [], [after(f)])]);
        }))
      ])
    ];
  }

  function view(fields, sections, h) {
    var root = el("div", [["class", "sv-jmf sv-jmf--inline"]], fields.length ? fieldTable(fields, h) : []);
    sections.forEach(function (s) {
      if (s.kind === UNCHANGED) {
        root.appendChild(el("details", [["class", "sv-jmf__avsnitt sv-jmf__avsnitt--oforandrad"]],
          [el("summary", [], [description(s) + ": " + line(s.section.title)])].concat(s.blocks.map(block))));
        return;
      }
      root.appendChild(el("section", [["class", "sv-jmf__avsnitt sv-jmf__avsnitt--" + CLASS[s.kind]]], [
        el("h" + h, [["class", "sv-jmf__rubrik"]], [el("span", [["class", "sv-jmf__typ"]], [description(s) + ":"]), " "]
          .concat(headingOf(s)))
      ].concat(s.blocks.map(block))));
    });
    return root;
  }

  // older, newer: versions from versioner.json ({sections, fields}); the
  // result: the summary line and the inline view (headings at options.heading).
  function compare(older, newer, options) {
    var h = (options && options.heading) || 3;
    var fields = compareFields(older.fields, newer.fields);
    var sections = compareSections(older.sections, newer.sections);
    var counts = { unchanged: 0, changed: 0, added: 0, removed: 0 };
    sections.forEach(function (s) { counts[s.kind]++; });
    return { summary: summary(counts, fields), view: view(fields, sections, h) };
  }

  window.svJamfor = { compare: compare, diffWords: diffWords, tokenize: tokenize, similarity: similarity };
})();
