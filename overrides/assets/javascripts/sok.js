/*
 * Search in the handbook with Pagefind, in a native <dialog> (partials/sok.html).
 *
 * - Pagefind is loaded on first use, from the site root (Material's global
 *   __md_scope), so it works at any page depth and under a sub-path.
 * - Results are plain links: Material's instant navigation takes them over;
 *   the dialog closes on click and on every location change.
 * - Excerpts keep only Pagefind's <mark>; everything else becomes text.
 * - Also marks external links for print.css (data-sv-extern).
 * No dependencies, no network access outside the site.
 */
(function () {
  "use strict";

  var PAGE_SIZE = 10;
  /* The filter "rang" (samverkan.handbok.sokdata): documents in force, other
     documents, repealed ones, listing pages, editors' pages. One search per
     rank, shown in this order; within a rank Pagefind's relevance decides. */
  var RANKS = ["1", "2", "3", "4"];
  var EDITORS = "5";
  var dialog = document.getElementById("sv-sok");
  if (!dialog || typeof dialog.showModal !== "function") return;

  var form = dialog.querySelector("[data-sv-sok-form]");
  var input = dialog.querySelector("input[type=search]");
  var status = dialog.querySelector("[data-sv-sok-status]");
  var list = dialog.querySelector("[data-sv-sok-results]");
  var statusFilter = dialog.querySelector("[data-sv-sok-filter=status]");
  var editors = dialog.querySelector("[data-sv-sok-redaktorer]");
  var timer = null;
  var root = typeof __md_scope !== "undefined" ? __md_scope : new URL("./", document.baseURI);
  var pagefind = null;
  var opener = null;
  var current = { query: "", results: [], shown: 0, token: 0 };
  var more = null;

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (pf) {
        return pf.options({ baseUrl: root.pathname, excerptLength: 24 }).then(function () {
          pf.init();
          return pf.filters().then(function (filters) {
            fillStatus((filters && filters.status) || {});
            return pf;
          }, function () { return pf; });
        });
      });
      pagefind.catch(function () { pagefind = null; });
    }
    return pagefind;
  }

  function fillStatus(counts) {
    if (!statusFilter || statusFilter.options.length > 1) return;
    Object.keys(counts).sort(function (a, b) { return a.localeCompare(b, "sv"); }).forEach(function (value) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = value;
      statusFilter.appendChild(option);
    });
  }

  function chosenFilters() {
    var filters = {};
    if (statusFilter && statusFilter.value) filters.status = statusFilter.value;
    return filters;
  }

  /* Every rank searched, results concatenated in rank order. */
  function ranked(pf, query) {
    var ranks = RANKS.concat(editors && editors.checked ? [EDITORS] : []);
    var base = chosenFilters();
    return Promise.all(ranks.map(function (rank) {
      var filters = Object.assign({}, base, { rang: rank });
      return pf.search(query, { filters: filters });
    })).then(function (all) {
      return { results: all.reduce(function (out, found) { return out.concat(found ? found.results : []); }, []) };
    });
  }

  function plural(n) {
    return n === 1 ? "1 träff" : n + " träffar";
  }

  function say(text) {
    status.textContent = text;
  }

  /* Pagefind's excerpt is HTML with <mark>; rebuild it from text and <mark> only. */
  function excerpt(html) {
    var tpl = document.createElement("template");
    tpl.innerHTML = html;
    var out = document.createDocumentFragment();
    tpl.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function item(data) {
    var li = document.createElement("li");
    li.className = "sv-sok__traff";
    var a = document.createElement("a");
    a.href = data.url;
    a.className = "sv-sok__lank";
    a.textContent = (data.meta && data.meta.title) || data.url;
    var p = document.createElement("p");
    p.className = "sv-sok__utdrag";
    p.appendChild(excerpt(data.excerpt || ""));
    li.appendChild(a);
    var facts = about(data.meta || {});
    if (facts) li.appendChild(facts);
    /* the document's plain summary ("Kort om avtalet"), as text */
    if (data.meta && data.meta.sammanfattning) {
      var kort = document.createElement("p");
      kort.className = "sv-sok__sammanfattning";
      kort.textContent = data.meta.sammanfattning;
      li.appendChild(kort);
    }
    li.appendChild(p);
    return li;
  }

  /* Status badge, type, region and the avtal of a bilaga, from the page's metadata. */
  function about(meta) {
    if (!meta.typ && !meta.status) return null;
    var p = document.createElement("p");
    p.className = "sv-sok__om";
    if (meta.status) {
      var badge = document.createElement("span");
      badge.className = "sv-badge sv-badge--" + (meta.statusklass || "okand").replace(/[^a-z]/g, "");
      badge.textContent = meta.status;
      p.appendChild(badge);
      p.appendChild(document.createTextNode(" "));
    }
    var parts = [];
    if (meta.typ) parts.push(meta.typ);
    if (meta.till) parts.push("till " + meta.till);
    if (meta.region) parts.push(meta.region);
    p.appendChild(document.createTextNode(parts.join(" · ")));
    return p;
  }

  function showMore(focusFirst) {
    var token = current.token;
    var slice = current.results.slice(current.shown, current.shown + PAGE_SIZE);
    return Promise.all(slice.map(function (r) { return r.data(); })).then(function (datas) {
      if (token !== current.token) return;
      var first = null;
      datas.forEach(function (data) {
        var li = item(data);
        first = first || li;
        list.appendChild(li);
      });
      current.shown += datas.length;
      if (more) more.remove();
      more = null;
      var left = current.results.length - current.shown;
      if (left > 0) {
        more = document.createElement("button");
        more.type = "button";
        more.className = "md-button sv-sok__fler";
        more.textContent = "Visa fler träffar (" + left + " till)";
        more.addEventListener("click", function () { showMore(true); });
        list.after(more);
      }
      if (focusFirst && first) first.querySelector("a").focus();
    });
  }

  function search(query) {
    query = query.trim();
    current = { query: query, results: [], shown: 0, token: current.token + 1 };
    if (!query) {
      list.replaceChildren();
      if (more) more.remove();
      more = null;
      say("");
      return;
    }
    window.clearTimeout(timer);
    var token = current.token;
    timer = window.setTimeout(function () { run(query, token); }, 200);
  }

  function run(query, token) {
    if (token !== current.token) return;
    load().then(function (pf) {
      return ranked(pf, query);
    }).then(function (found) {
      if (!found || token !== current.token) return; // a newer search took over
      current.results = found.results;
      list.replaceChildren();
      return showMore(false).then(function () {
        if (token !== current.token) return;
        var n = found.results.length;
        say(n ? plural(n) : "Inga träffar för ”" + query + "”");
      });
    }).catch(function () {
      say("Sökningen kunde inte laddas. Försök igen eller använd menyn.");
    });
  }

  function open() {
    if (dialog.open) return;
    opener = document.activeElement;
    dialog.showModal();
    input.focus();
    input.select();
    load();
  }

  function close() {
    if (dialog.open) dialog.close();
  }

  dialog.addEventListener("close", function () {
    if (opener && opener.isConnected && typeof opener.focus === "function") opener.focus();
    opener = null;
  });

  input.addEventListener("input", function () { search(input.value); });
  if (statusFilter) statusFilter.addEventListener("change", function () { search(input.value); });
  if (editors) editors.addEventListener("change", function () { search(input.value); });

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var first = list.querySelector("a");
    if (first) first.focus();
  });

  /* Arrow keys move between the search field and the result links. */
  dialog.addEventListener("keydown", function (ev) {
    if (ev.key !== "ArrowDown" && ev.key !== "ArrowUp") return;
    var links = [input].concat(Array.prototype.slice.call(list.querySelectorAll("a")));
    var at = links.indexOf(document.activeElement);
    if (at < 0) return;
    var next = links[at + (ev.key === "ArrowDown" ? 1 : -1)];
    if (next) {
      ev.preventDefault();
      next.focus();
    }
  });

  dialog.addEventListener("click", function (ev) {
    if (ev.target.closest("[data-sv-sok-close]")) return close();
    if (ev.target.closest("a[href]")) {
      opener = null; // the new page decides where focus goes
      return close();
    }
    if (ev.target === dialog) {
      // a click on the backdrop lands on the dialog itself, outside its box
      var box = dialog.getBoundingClientRect();
      var inside = ev.clientX >= box.left && ev.clientX <= box.right &&
        ev.clientY >= box.top && ev.clientY <= box.bottom;
      if (!inside) close();
    }
  });

  document.addEventListener("click", function (ev) {
    if (ev.target.closest && ev.target.closest("[data-sv-sok-open]")) open();
  });

  document.addEventListener("keydown", function (ev) {
    if (dialog.open || ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key !== "/" && ev.key !== "s" && ev.key !== "S") return;
    var el = document.activeElement;
    if (el && (el.isContentEditable || /^(TEXTAREA|SELECT)$/.test(el.tagName) ||
        (el.tagName === "INPUT" && !/^(checkbox|radio|button|submit|reset)$/.test(el.type)))) return;
    ev.preventDefault();
    open();
  });

  /* Material's instant navigation: close on every page change. */
  if (window.location$ && typeof window.location$.subscribe === "function") {
    window.location$.subscribe(function () { close(); });
  }

  /* For print.css: Material makes every href absolute, so mark the links that
     leave the site; print writes their address out. */
  function markExternal() {
    document.querySelectorAll(".md-content a[href]").forEach(function (a) {
      if (/^https?:$/.test(a.protocol) && a.host !== location.host) a.setAttribute("data-sv-extern", "");
    });
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(markExternal);
  } else {
    markExternal();
  }
})();
