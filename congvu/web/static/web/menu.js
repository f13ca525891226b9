// The menu's drop-downs are <details>: one open at a time, closed by a click elsewhere or Escape.
(function () {
  "use strict";

  function openMenus() {
    return document.querySelectorAll("details.menu[open]");
  }

  document.addEventListener("click", function (event) {
    var inside = event.target.closest ? event.target.closest("details.menu") : null;
    openMenus().forEach(function (menu) {
      if (menu !== inside) {
        menu.removeAttribute("open");
      }
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      openMenus().forEach(function (menu) {
        menu.removeAttribute("open");
      });
    }
  });
})();
