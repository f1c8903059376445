/* The reports list: while a report is queued or rendering, ask for its row every few seconds and
   put the fresh one in its place, so its status moves from queued to rendering to ready without
   reloading the page (and losing the filters or the scroll). Without this script the page
   reloads itself instead (a <noscript> refresh). */
(function () {
  "use strict";
  var EVERY = 3000;

  function refresh() {
    var rows = document.querySelectorAll("tr[data-busy][data-row-url]");
    if (!rows.length) {
      var note = document.querySelector("[data-busy-note]");
      if (note) { note.remove(); }
      return;
    }
    var pending = Array.prototype.map.call(rows, function (row) {
      return fetch(row.getAttribute("data-row-url"), {
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" }
      }).then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.text();
      }).then(function (html) {
        var holder = document.createElement("tbody");
        holder.innerHTML = html.trim();
        var fresh = holder.querySelector("tr");
        if (fresh) { row.replaceWith(fresh); }
      }).catch(function () {
        row.removeAttribute("data-busy");  // stop asking; a reload shows it as it stands
      });
    });
    Promise.all(pending).then(function () { window.setTimeout(refresh, EVERY); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    window.setTimeout(refresh, EVERY);
  });
})();
