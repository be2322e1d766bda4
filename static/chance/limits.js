// Live character counts for fields with a length limit (chance/forms.py, chance/_field.html).
// Progressive enhancement: without it the limit is still written under the field and the server
// refuses an over-long value next to it. No field carries maxlength, which would cut a paste
// short without a word; this count says it is too long instead, and by how much.
(function () {
  "use strict";
  var fmt = new Intl.NumberFormat(document.documentElement.lang || "en");
  var live = null;

  function say(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return fmt.format(values[key]); });
  }

  function announce(text) {
    if (!live) {
      live = document.createElement("p");
      live.className = "visually-hidden";
      live.setAttribute("aria-live", "polite");
      document.body.appendChild(live);
    }
    live.textContent = text;
  }

  function watch(note) {
    var field = document.getElementById(note.getAttribute("data-limit-for"));
    if (!field || !field.hasAttribute("data-limit")) { return; }
    var limit = parseInt(field.getAttribute("data-limit"), 10);
    var wasOver = false;
    function update() {
      var used = field.value.length;
      var over = used > limit;
      var values = { used: used, limit: limit, excess: used - limit };
      note.textContent = say(note.getAttribute(over ? "data-over" : "data-count"), values);
      note.classList.toggle("over", over);
      // A one-line field shows its count only near the limit; a text area always.
      note.classList.toggle("limit-quiet", field.tagName !== "TEXTAREA" && used < limit * 0.8);
      if (over !== wasOver) { announce(over ? note.textContent : ""); wasOver = over; }
    }
    field.addEventListener("input", update);
    update();
  }

  document.querySelectorAll("[data-limit-for]").forEach(watch);
})();
