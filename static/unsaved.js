// Warn before leaving a page whose form (marked data-warn-unsaved) has changes not yet saved,
// and say so beside its Save button. Submitting that form is not leaving it.
(function () {
  "use strict";
  var dirty = null;

  function touched(event) {
    var form = event.target.form;
    if (!form || !form.hasAttribute("data-warn-unsaved")) return;
    dirty = form;
    form.querySelectorAll("[data-unsaved]").forEach(function (note) { note.hidden = false; });
  }

  document.addEventListener("input", touched);
  document.addEventListener("change", touched);
  document.addEventListener("submit", function (event) {
    if (event.target === dirty) dirty = null;
  });
  window.addEventListener("beforeunload", function (event) {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = "";  // older browsers show their own words; the text is never used
  });
})();
