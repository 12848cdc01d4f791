// A counter under every field with a length limit and a clear message at the limit (issue 11,
// item 6). The texts come from the counter's data attributes (translated on the server); no
// inline script (CSP). Works for fields htmx swaps in too.
(function () {
  "use strict";

  function update(counter, input) {
    var max = parseInt(counter.getAttribute("data-max"), 10);
    var left = max - input.value.length;
    var live = document.getElementById(counter.id + "_live");
    if (left <= 0) {
      counter.textContent = counter.getAttribute("data-limit");
      counter.classList.add("char-count--limit");
      if (live && live.textContent !== counter.textContent) {
        live.textContent = counter.textContent;
      }
    } else {
      counter.textContent = counter.getAttribute("data-left").replace("{value}", String(left));
      counter.classList.remove("char-count--limit");
      if (live) {
        live.textContent = "";
      }
    }
  }

  function counterFor(input) {
    if (!input || !input.id) {
      return null;
    }
    var counter = document.getElementById(input.id + "_count");
    return counter && counter.classList.contains("char-count") ? counter : null;
  }

  function bind(root) {
    if (!root || !root.querySelectorAll) {
      return;
    }
    var counters = root.querySelectorAll(".char-count[data-for]");
    for (var i = 0; i < counters.length; i++) {
      var input = document.getElementById(counters[i].getAttribute("data-for"));
      if (!input) {
        continue;
      }
      var described = (input.getAttribute("aria-describedby") || "").split(" ");
      if (described.indexOf(counters[i].id) === -1) {
        described.push(counters[i].id);
        input.setAttribute("aria-describedby", described.join(" ").trim());
      }
      update(counters[i], input);
    }
  }

  document.addEventListener("input", function (event) {
    var counter = counterFor(event.target);
    if (counter) {
      update(counter, event.target);
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    bind(document);
  });
  document.addEventListener("htmx:load", function (event) {
    bind(event.detail && event.detail.elt);
  });
})();
