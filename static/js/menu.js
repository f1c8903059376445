/* The menu's sections are <details>: they open and close without any script. This only closes
   an open section when the user clicks elsewhere or presses Escape, as a menu is expected to. */
(function () {
  "use strict";
  function closeAll(except) {
    document.querySelectorAll("details.nav-section[open]").forEach(function (section) {
      if (section !== except) { section.removeAttribute("open"); }
    });
  }
  document.addEventListener("click", function (event) {
    closeAll(event.target.closest ? event.target.closest("details.nav-section") : null);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { closeAll(null); }
  });
})();
