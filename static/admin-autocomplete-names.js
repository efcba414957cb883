"use strict";
// select2 shows an admin autocomplete's value in a span with role="textbox" and names it
// only by a title it sets once something is chosen: an empty box had no accessible name
// (axe: aria-input-field-name). Name each box by its field's label; select2 changes only
// the span's text and title afterwards.
(function () {
  function nameBoxes() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      const label = document.querySelector('label[for="' + select.id + '"]');
      const box = document.getElementById("select2-" + select.id + "-container");
      if (label && box) {
        box.setAttribute("aria-label", label.textContent.trim().replace(/:$/, ""));
      }
    });
  }
  // jQuery runs its ready callbacks in order: this one after autocomplete.js's, which
  // sets select2 up (this file comes after it in the form's media).
  if (window.django && window.django.jQuery) {
    window.django.jQuery(nameBoxes);
  }
  window.addEventListener("load", nameBoxes);
  document.addEventListener("formset:added", function () { window.setTimeout(nameBoxes); });
})();
