// Idle timeout warning (no inline script: CSP). The server ends a session after a set time without
// requests; the page is told how many seconds are left (data-session-seconds-left on <body>, and
// the X-Session-Seconds-Left header of every htmx response). Some time before the end a warning
// appears with "Stay logged in" (a POST to the keep-alive URL); at the end the page logs out.
(function () {
  "use strict";
  var body = document.body;
  var left = parseInt(body.getAttribute("data-session-seconds-left"), 10);
  var warnAt = parseInt(body.getAttribute("data-session-warning-seconds"), 10) || 120;
  var keepaliveUrl = body.getAttribute("data-keepalive-url");
  if (isNaN(left) || !keepaliveUrl) {
    return;
  }
  var warning = document.getElementById("session-warning");
  var stay = document.getElementById("session-stay");
  var timeText = warning && warning.querySelector(".session-warning-time");
  var deadline = Date.now() + left * 1000;
  var timer = null;

  function secondsLeft() {
    return Math.round((deadline - Date.now()) / 1000);
  }

  function setLeft(seconds) {
    deadline = Date.now() + seconds * 1000;
    if (warning && !warning.hidden && seconds > warnAt) {
      warning.hidden = true;
    }
  }

  function logOut() {
    var form = document.getElementById("logout-form");
    if (!form) {
      window.location.reload();
      return;
    }
    var reason = document.createElement("input");
    reason.type = "hidden";
    reason.name = "reason";
    reason.value = "idle";
    form.appendChild(reason);
    form.submit();
  }

  function tick() {
    var seconds = secondsLeft();
    if (seconds <= 0) {
      window.clearInterval(timer);
      logOut();
      return;
    }
    if (seconds <= warnAt && warning) {
      if (warning.hidden) {
        warning.hidden = false;
        if (stay) {
          stay.focus();
        }
      }
      if (timeText) {
        var minutes = Math.floor(seconds / 60);
        var rest = String(seconds % 60).padStart(2, "0");
        timeText.textContent = (timeText.getAttribute("data-label") || "") + ": " + minutes + ":" + rest;
      }
    }
  }

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  if (stay) {
    stay.addEventListener("click", function () {
      fetch(keepaliveUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
      })
        .then(function (response) {
          if (!response.ok || response.redirected) {
            throw new Error("session ended");
          }
          return response.json();
        })
        .then(function (data) {
          setLeft(data.seconds_left);
          warning.hidden = true;
        })
        .catch(function () {
          window.location.reload();
        });
    });
  }

  // Every htmx request is activity: the server says how long the session now has.
  document.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail && event.detail.xhr;
    var header = xhr && xhr.getResponseHeader("X-Session-Seconds-Left");
    if (header) {
      setLeft(parseInt(header, 10));
    }
  });

  timer = window.setInterval(tick, 1000);
})();
