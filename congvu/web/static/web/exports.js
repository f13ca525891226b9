// Long exports: from the click on an Excel link until the file arrives, say that it is being
// prepared and for how long; the server echoes the link's `dl` token as the `congvu_dl` cookie
// once it sends the file (congvu/web/downloads.py).
(function () {
  "use strict";

  function box() {
    return document.getElementById("export-progress");
  }

  function cookie(name) {
    var found = document.cookie.split("; ").filter(function (part) {
      return part.indexOf(name + "=") === 0;
    })[0];
    return found ? found.slice(name.length + 1) : "";
  }

  function start(link, event) {
    var target = box();
    if (!target) {
      return;
    }
    event.preventDefault();
    var token = Date.now().toString(36) + Math.floor(Math.random() * 1e6).toString(36);
    var url = new URL(link.href, window.location.href);
    url.searchParams.set("dl", token);
    var text = target.querySelector("[data-export-text]");
    var began = Date.now();
    target.hidden = false;
    text.textContent = target.dataset.working.replace("{n}", "0");
    var timer = window.setInterval(function () {
      if (cookie("congvu_dl") === token) {
        window.clearInterval(timer);
        text.textContent = target.dataset.done;
        window.setTimeout(function () { target.hidden = true; }, 4000);
        return;
      }
      var seconds = Math.floor((Date.now() - began) / 1000);
      text.textContent = target.dataset.working.replace("{n}", String(seconds));
    }, 500);
    window.location.href = url.toString();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (link && /\/xuat(-excel)?\//.test(new URL(link.href, window.location.href).pathname)) {
      start(link, event);
    }
  });
})();
