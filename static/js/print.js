// Print buttons: any <button data-print> opens the browser's print dialog. Kept out of the
// page itself because the Content-Security-Policy allows no inline scripts.
(function () {
  "use strict";
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
