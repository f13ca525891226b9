// A filter box before every unit tree picker (select[data-unit-tree], or a list of checkboxes
// with data-unit-tree): typing hides the units whose name does not hold every word typed,
// with or without diacritics, as the server's search does (congvu.org.text.fold).
(function () {
  "use strict";

  function fold(text) {
    return text
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .split(/\s+/)
      .filter(Boolean);
  }

  function filterBox(label, onInput) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "tree-filter";
    box.placeholder = label;
    box.setAttribute("aria-label", label);
    box.autocomplete = "off";
    box.addEventListener("input", function () {
      onInput(fold(box.value));
    });
    return box;
  }

  function matches(item, words) {
    var text = item.getAttribute("data-search") || "";
    return words.every(function (word) {
      return text.indexOf(word) !== -1;
    });
  }

  function setUp(root) {
    var label = document.body.getAttribute("data-tree-filter") || "";
    root.querySelectorAll("select[data-unit-tree]").forEach(function (select) {
      if (select.hasAttribute("data-tree-ready")) {
        return;
      }
      select.setAttribute("data-tree-ready", "");
      var box = filterBox(label, function (words) {
        select.querySelectorAll("option[data-search]").forEach(function (option) {
          option.hidden = !matches(option, words) && !option.selected;
        });
      });
      select.parentNode.insertBefore(box, select);
    });
    var lists = new Set();
    root.querySelectorAll("input[type=checkbox][data-unit-tree]").forEach(function (input) {
      var list = input.closest("div[id]");
      if (list && !list.hasAttribute("data-tree-ready")) {
        lists.add(list);
      }
    });
    lists.forEach(function (list) {
      list.setAttribute("data-tree-ready", "");
      list.classList.add("tree-list");
      var box = filterBox(label, function (words) {
        list.querySelectorAll("input[data-search]").forEach(function (input) {
          var row = input.closest("div") || input.parentNode;
          row.hidden = !matches(input, words) && !input.checked;
        });
      });
      // Before the scrolling frame around the list, if there is one, so that it stays in view.
      var frame = list.parentNode.classList.contains("checklist") ? list.parentNode : list;
      frame.parentNode.insertBefore(box, frame);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUp(document);
  });
  document.addEventListener("htmx:load", function (event) {
    setUp(event.detail.elt);
  });
})();
