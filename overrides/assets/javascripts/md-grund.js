/* Material's inline head script (partials/javascripts/base.html), moved to a file so the
   Content-Security-Policy needs no 'unsafe-inline'. The scope comes from the script tag. */
/* eslint-disable */
(function () {
  var scope = document.currentScript.getAttribute("data-md-scope");
  window.__md_scope = new URL(scope, location);
  window.__md_hash = function (e) {
    return [].concat(Array.from(e)).reduce(function (h, c) { return (h << 5) - h + c.charCodeAt(0); }, 0);
  };
  window.__md_get = function (e, store, base) {
    store = store || localStorage;
    base = base || window.__md_scope;
    return JSON.parse(store.getItem(base.pathname + "." + e));
  };
  window.__md_set = function (e, value, store, base) {
    store = store || localStorage;
    base = base || window.__md_scope;
    try { store.setItem(base.pathname + "." + e, JSON.stringify(value)); } catch (err) {}
  };
})();
