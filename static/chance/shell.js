// A disclosure marked data-open-wide (the youth record's sections) stands open beside the
// content on desktop widths (USWDS's desktop breakpoint, 64em) and folds to one line on a phone.
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 64em)");
  function apply() {
    document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
      details.open = wide.matches;
    });
  }
  apply();
  wide.addEventListener("change", apply);
})();
