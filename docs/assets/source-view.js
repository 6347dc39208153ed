/* The source view (build_scripts/render/source_view.py): a link to line n (#L<n>) lands on the page of the view
   that holds it, from whichever page of the view it names. Each page lists the first line of every page. */
(function () {
  "use strict";
  function follow() {
    var m = /^#L([0-9]+)$/.exec(location.hash);
    var map = document.getElementById("source-pages");
    if (!m || !map || document.getElementById("L" + m[1])) return;
    var data = JSON.parse(map.textContent), n = Number(m[1]), k = 0;
    while (k + 1 < data.first.length && data.first[k + 1] <= n) k += 1;
    var target = new URL(data.pages[k], location.href);
    if (target.pathname !== location.pathname) location.replace(target.href.split("#")[0] + location.hash);
  }
  window.addEventListener("hashchange", follow);
  follow();
})();
