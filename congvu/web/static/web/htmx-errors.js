// When an htmx request fails (a 4xx/5xx answer, or no answer at all), say so where the user acted
// (beside the form or button that sent it) instead of doing nothing: the message comes from the
// error page or the API's JSON, else a general one. A 422 carrying a part of the page (a form
// with its errors, a refused action) is swapped in like a success: the errors are in it.
(function () {
  "use strict";

  function box() {
    return document.getElementById("htmx-error");
  }

  function showAtTop(text) {
    var target = box();
    if (!target) {
      return;
    }
    target.querySelector("[data-error-text]").textContent = text;
    target.hidden = false;
    target.scrollIntoView({ block: "nearest" });
  }

  // The message goes just before the form (or the element) that sent the request.
  function show(text, origin) {
    var anchor = origin && origin.isConnected ? origin.closest("form") || origin : null;
    if (!anchor || !anchor.parentNode) {
      showAtTop(text);
      return;
    }
    var note = anchor.previousElementSibling;
    if (!note || !note.hasAttribute("data-htmx-error")) {
      note = document.createElement("p");
      note.className = "errors";
      note.setAttribute("role", "alert");
      note.setAttribute("data-htmx-error", "");
      anchor.parentNode.insertBefore(note, anchor);
    }
    note.textContent = text;
    note.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    var body = xhr.responseText || "";
    if (xhr.status === 422 && body.indexOf("<html") === -1) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var origin = event.detail.elt;
    var anchor = origin && origin.closest ? origin.closest("form") || origin : null;
    var note = anchor ? anchor.previousElementSibling : null;
    if (note && note.hasAttribute("data-htmx-error")) {
      note.remove();
    }
  });

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
    show(messageOf(xhr) || general + " (HTTP " + xhr.status + ")", event.detail.elt);
  });

  document.addEventListener("htmx:sendError", function (event) {
    var target = box();
    show(target ? target.getAttribute("data-offline") : "", event.detail.elt);
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-error-close]")) {
      box().hidden = true;
    }
  });
})();
