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

// USWDS writes the file input's words in English (uswds.js has no setting for them): put the
// page's own translations (base.html, #file-input-text) in their place, now and whenever
// USWDS rewrites them after a file is chosen.
(function () {
  "use strict";
  var source = document.getElementById("file-input-text");
  if (!source) { return; }
  var words = {
    "Drag file here or": source.getAttribute("data-drag"),
    "choose from folder": source.getAttribute("data-choose"),
    "Choose from folder": source.getAttribute("data-choose"),
    "Selected file": source.getAttribute("data-selected"),
    "Change file": source.getAttribute("data-change"),
    "This is not a valid file type.": source.getAttribute("data-invalid"),
  };

  function translate(root) {
    root.querySelectorAll("input[aria-label]").forEach(function (input) {
      var label = input.getAttribute("aria-label");
      var english = "Drag file here or choose from folder";
      if (label === english) {
        input.setAttribute("aria-label", words["Drag file here or"] + " " + words["choose from folder"]);
      }
    });
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var node;
    while ((node = walker.nextNode())) {
      var text = node.nodeValue.trim();
      if (words[text] && words[text] !== text) {
        node.nodeValue = node.nodeValue.replace(text, words[text]);
      }
    }
  }

  function watch() {
    document.querySelectorAll(".usa-file-input").forEach(function (box) {
      translate(box);
      new MutationObserver(function () { translate(box); }).observe(box, {
        childList: true, subtree: true, characterData: true,
      });
    });
  }
  // uswds.js builds the file inputs when the document has loaded.
  if (document.readyState === "complete") { watch(); } else { window.addEventListener("load", watch); }
})();
