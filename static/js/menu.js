// The compact main menu below 1024 px (issue 11, look and feel): a disclosure button shows and
// hides the menu; Escape closes it and gives focus back to the button. Without JavaScript the
// button stays hidden and the menu stays open. No inline script (CSP).
(function () {
  var WIDE = window.matchMedia("(min-width: 1024px)");

  function setUp(nav) {
    var button = nav.querySelector(".menu-toggle");
    var list = nav.querySelector("#" + button.getAttribute("aria-controls"));
    if (!button || !list) {
      return;
    }
    function show(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("is-open", open);
    }
    button.hidden = false;
    nav.classList.add("menu-compact");
    show(false);
    button.addEventListener("click", function () {
      show(button.getAttribute("aria-expanded") !== "true");
    });
    nav.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true" && !WIDE.matches) {
        show(false);
        button.focus();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var nav = document.getElementById("main-navigation");
    if (nav && nav.querySelector(".menu-toggle")) {
      setUp(nav);
    }
  });
})();
