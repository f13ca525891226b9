// When an htmx request fails (a 4xx/5xx answer, or no answer at all), say so in the page instead
// of doing nothing: the message comes from the error page or the API's JSON, else a general one.
(function () {
  "use strict";

  function box() {
    return document.getElementById("htmx-error");
  }

  function show(text) {
    var target = box();
    if (!target) {
      return;
    }
    target.querySelector("[data-error-text]").textContent = text;
    target.hidden = false;
    target.scrollIntoView({ block: "nearest" });
  }

  function messageOf(xhr) {
    var type = xhr.getResponseHeader("Content-Type") || "";
    if (type.indexOf("application/json") === 0) {
      try {
        var data = JSON.parse(xhr.responseText);
        if (data && data.message) {
          return data.message;
        }
      } catch (ignored) {
        // not JSON after all: fall through to the page or the general message
      }
    }
    if (type.indexOf("text/html") === 0) {
      var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
      var found = page.querySelector("#error-page h1, #lockout h1, .errors");
      if (found && found.textContent.trim()) {
        var more = page.querySelector("#error-page h1 + p");
        return found.textContent.trim() + (more ? " " + more.textContent.trim() : "");
      }
    }
    return null;
  }

  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var target = box();
    var general = target ? target.getAttribute("data-general") : "";
    show(messageOf(xhr) || general + " (HTTP " + xhr.status + ")");
  });

  document.addEventListener("htmx:sendError", function () {
    var target = box();
    show(target ? target.getAttribute("data-offline") : "");
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-error-close]")) {
      box().hidden = true;
    }
  });
})();
