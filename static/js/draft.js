// Keeps what a teacher types in a report on this device until the server has it, so a lost
// connection or a closed tab does not lose the text. Confidential fields are never stored
// (data-draft-exclude). The stored copy is dropped once the server has a newer version.
(function () {
  "use strict";
  var form = document.querySelector("form[data-draft-key]");
  if (!form || !window.localStorage) { return; }
  var key = "huisbezoek:" + form.dataset.draftKey;
  var version = Number(form.dataset.draftVersion);

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.name !== "version" && !el.dataset.draftExclude;
    });
  }

  function snapshot() {
    var values = {};
    fields().forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) { values[el.name + "=" + el.value] = true; }
      } else if (el.type !== "submit" && el.type !== "button") {
        values[el.name] = el.value;
      }
    });
    return values;
  }

  function restore(values) {
    fields().forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = Boolean(values[el.name + "=" + el.value]);
      } else if (Object.prototype.hasOwnProperty.call(values, el.name)) {
        el.value = values[el.name];
      }
    });
  }

  var stored = null;
  try { stored = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { stored = null; }
  if (stored && stored.version < version) {
    localStorage.removeItem(key);  // the server has a newer version than this copy was based on
  } else if (stored && JSON.stringify(stored.values) !== JSON.stringify(snapshot())) {
    var notice = document.getElementById("draft-restore");
    var button = document.getElementById("draft-restore-button");
    if (notice && button) {
      notice.classList.remove("d-none");
      button.addEventListener("click", function () {
        restore(stored.values);
        notice.classList.add("d-none");
      });
    }
  }

  var timer = null;
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      localStorage.setItem(key, JSON.stringify({ version: version, values: snapshot() }));
    }, 400);
  });
})();
