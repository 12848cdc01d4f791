// Intake pages (screening/intake_views.py): focus after htmx swaps, and a hint as soon as a CPR
// number gives an unlikely age. The server checks the same on submit; this only warns earlier.
(function () {
  "use strict";

  function focusable(element) {
    if (!element) return;
    if (!element.matches("input, select, textarea, button, a")) element.setAttribute("tabindex", "-1");
    element.focus();
  }

  // With htmx, "Add a person" fetches a blank person and is no longer a submit button: pressing
  // Enter in a field then submits the referral (the form's first submit button), as expected.
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.htmx) return;
    document.querySelectorAll("button.add-person").forEach(function (button) {
      button.setAttribute("type", "button");
    });
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target && target.id === "persons") {
      // "Add a person": move to the new person's first field.
      var fieldsets = target.querySelectorAll("fieldset.person-form");
      var last = fieldsets[fieldsets.length - 1];
      focusable(last && last.querySelector("select, input"));
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "meeting-section") return;
    // The meeting section was replaced: go to its first error, else to its status line.
    var section = document.getElementById("meeting-section");
    if (!section) return;
    var invalid = section.querySelector("[aria-invalid=true]");
    var status = section.querySelector(".meeting-status");
    if (invalid) focusable(invalid);
    else if (status && status.textContent.trim()) focusable(status);
  });

  // CPR numbers: the century from the 7th digit (as families/cpr.py), then the age.
  function century(yy, seventh) {
    if (seventh <= 3) return 1900;
    if (seventh === 4 || seventh === 9) return yy <= 36 ? 2000 : 1900;
    return yy <= 57 ? 2000 : 1800;
  }

  function cprAge(value) {
    var match = /^(\d{2})(\d{2})(\d{2})-?(\d)\d{3}$/.exec(value.replace(/\s/g, ""));
    if (!match) return null;
    var day = +match[1], month = +match[2], yy = +match[3];
    var year = century(yy, +match[4]) + yy;
    var born = new Date(year, month - 1, day);
    if (born.getMonth() !== month - 1) return null;
    var today = new Date();
    var age = today.getFullYear() - year;
    if (today.getMonth() < month - 1 || (today.getMonth() === month - 1 && today.getDate() < day)) age -= 1;
    return { year: year, age: age };
  }

  function hint(input) {
    var fieldset = input.closest("fieldset");
    var out = fieldset && fieldset.querySelector(".cpr-age");
    if (!out) return;
    var found = cprAge(input.value);
    var role = fieldset.querySelector("select[name$='-role']");
    var child = role && role.value === "target_child";
    var text = "";
    if (found && (found.age > 100 || found.age < 0 || (child && found.age > 25))) {
      text = (out.dataset.message || "")
        .replace("{year}", found.year)
        .replace("{age}", found.age);
    }
    out.textContent = text;
    out.hidden = !text;
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("input[data-cpr]")) hint(event.target);
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("select[name$='-role']")) {
      var fieldset = event.target.closest("fieldset");
      var cpr = fieldset && fieldset.querySelector("input[data-cpr]");
      if (cpr) hint(cpr);
    }
  });
})();
