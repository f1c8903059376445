/* Small page behaviours declared in the markup, since the Content-Security-Policy allows no
   inline script or onclick="...":
     <button data-action="print">            prints the page;
     <input data-select-on-focus readonly>   selects its whole text when focused (an address to copy). */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-action=print]") : null;
    if (button) { event.preventDefault(); window.print(); }
  });
  // focusin bubbles (focus does not), so one listener serves every such field on the page.
  document.addEventListener("focusin", function (event) {
    var field = event.target;
    if (field.matches && field.matches("[data-select-on-focus]")) { field.select(); }
  });
  // A click into a field that already has focus fires no focusin: select on mouseup too, and
  // keep the browser from moving the caret and undoing the selection.
  document.addEventListener("mouseup", function (event) {
    var field = event.target;
    if (field.matches && field.matches("[data-select-on-focus]")) {
      event.preventDefault();
      field.select();
    }
  });
})();
