// The team-meeting page's "Print" button: the browser's print dialog (the print CSS lays it out on A4).
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
