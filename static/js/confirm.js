// Irreversible actions ask for confirmation in one styled dialog (ui.md), never the browser's
// own dialog: a submit button with data-confirm="what will happen" opens #confirm-dialog
// (templates/includes/confirm_dialog.html); its confirm button sends the form as that button
// would have (same name and value). A form that cannot be sent shows its errors instead.
(function () {
  let pending = null;

  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-confirm]");
    const dialog = document.getElementById("confirm-dialog");
    if (!button || !dialog || button.dataset.confirmed === "1") {
      return;
    }
    event.preventDefault();
    const form = button.form;
    if (form && !form.noValidate && !form.checkValidity()) {
      form.reportValidity();
      return;
    }
    pending = button;
    dialog.querySelector("[data-confirm-text]").textContent = button.dataset.confirm;
    const ok = dialog.querySelector("[data-confirm-ok]");
    ok.textContent = button.dataset.confirmButton || button.textContent.trim();
    const colour = button.className.match(/btn-(?:outline-)?(primary|secondary|success|danger|warning|info|dark)/);
    ok.className = "btn btn-" + (colour ? colour[1] : "primary");
    window.bootstrap.Modal.getOrCreateInstance(dialog).show();
  });

  document.addEventListener("click", function (event) {
    if (!event.target.closest("[data-confirm-ok]") || !pending) {
      return;
    }
    const button = pending;
    pending = null;
    window.bootstrap.Modal.getOrCreateInstance(document.getElementById("confirm-dialog")).hide();
    button.dataset.confirmed = "1";
    if (button.form) {
      button.form.requestSubmit(button);
    } else {
      button.click();
    }
    delete button.dataset.confirmed;
  });
})();
