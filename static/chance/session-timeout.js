/* Warns before the idle timeout ends the session (the server enforces it either way).
 *
 * Reads from <body>: data-session-idle (seconds), data-session-warn (seconds before the end),
 * data-session-url (GET: seconds left, without counting as activity; POST: stay signed in).
 * Without JavaScript the page works the same; the user is simply signed out when idle.
 */
(function () {
  "use strict";
  var body = document.body;
  var idle = parseInt(body.dataset.sessionIdle || "", 10);
  var warn = parseInt(body.dataset.sessionWarn || "120", 10);
  var url = body.dataset.sessionUrl;
  if (!idle || !url || !window.fetch) { return; }

  var notice = null;
  var timer = null;

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function schedule(secondsLeft) {
    window.clearTimeout(timer);
    if (secondsLeft <= 0) { window.location.reload(); return; }
    if (secondsLeft > warn) {
      timer = window.setTimeout(check, (secondsLeft - warn) * 1000);
    } else {
      show(secondsLeft);
      // Reload only once the session has surely ended (a second's grace): a reload before the end
      // would be a request like any other, counted as activity, and the session would live on.
      timer = window.setTimeout(function () { window.location.reload(); }, (secondsLeft + 1) * 1000);
    }
  }

  // Another tab may have kept the session alive: ask the server before warning.
  function check() {
    // A session that has ended answers with a redirect to sign in: not followed, it reads as 0.
    fetch(url, {
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Accept": "application/json" }
    })
      .then(function (r) { return r.ok ? r.json() : { seconds_left: 0 }; })
      .then(function (data) {
        if (data.seconds_left > warn) { hide(); }
        schedule(data.seconds_left);
      })
      .catch(function () { schedule(warn); });
  }

  function staySignedIn() {
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" }
    })
      .then(function (r) { return r.ok ? r.json() : { seconds_left: 0 }; })
      .then(function (data) { hide(); schedule(data.seconds_left); })
      .catch(function () { window.location.reload(); });
  }

  function hide() {
    if (notice) { notice.hidden = true; }
  }

  function show(secondsLeft) {
    if (!notice) {
      notice = document.createElement("div");
      notice.className = "session-warning";
      notice.setAttribute("role", "alertdialog");
      notice.setAttribute("aria-live", "assertive");
      notice.setAttribute("aria-labelledby", "session-warning-text");
      var text = document.createElement("p");
      text.id = "session-warning-text";
      notice.appendChild(text);
      var stay = document.createElement("button");
      stay.type = "button";
      stay.className = "usa-button";
      stay.textContent = "Stay signed in";
      stay.addEventListener("click", staySignedIn);
      notice.appendChild(stay);
      var dismiss = document.createElement("button");
      dismiss.type = "button";
      dismiss.className = "usa-button usa-button--unstyled";
      dismiss.textContent = "Dismiss";
      dismiss.addEventListener("click", hide);
      notice.appendChild(dismiss);
      body.insertBefore(notice, body.firstChild);
    }
    var minutes = Math.max(1, Math.round(secondsLeft / 60));
    notice.querySelector("p").textContent =
      "For safety you will be signed out in about " + minutes +
      " minute" + (minutes === 1 ? "" : "s") + " without activity. Unsaved work on this page would be lost.";
    notice.hidden = false;
    notice.querySelector("button").focus();
  }

  schedule(idle);
}());
