// The register form: as the resident's phone number is typed, show their earlier requests
// (the same person often comes back; the same matter should not be registered twice).
(function () {
  "use strict";
  var phone = document.getElementById("id_resident_phone");
  var box = document.getElementById("earlier-requests");
  if (!phone || !box) { return; }
  var timer = null;
  var last = "";
  function look() {
    var digits = phone.value.replace(/\D/g, "");
    if (digits === last) { return; }
    last = digits;
    if (digits.length < 7) { box.innerHTML = ""; return; }
    fetch(box.dataset.url + "?phone=" + encodeURIComponent(digits), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { box.innerHTML = html; })
      .catch(function () { box.innerHTML = ""; });
  }
  phone.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(look, 400);
  });
  look();
}());
