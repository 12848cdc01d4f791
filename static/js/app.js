// Start the design system's components once the page has loaded (no inline scripts: CSP).
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS && typeof window.DKFDS.init === "function") {
    window.DKFDS.init();
  }
});

// After htmx swaps the contact log in, move focus to its status line so screen readers hear it.
document.addEventListener("htmx:afterSwap", function (event) {
  var status = event.detail.target.querySelector && event.detail.target.querySelector(".contact-status");
  if (status && status.textContent.trim()) {
    status.setAttribute("tabindex", "-1");
    status.focus();
  }
});
