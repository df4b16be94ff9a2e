// A confirmation dialog opens only for a form that can be sent: if a field the form needs is
// empty or wrong, the browser's message is shown on that field instead of behind the dialog.
document.addEventListener("show.bs.modal", function (event) {
  const trigger = event.relatedTarget;
  const form = trigger && trigger.closest("form");
  if (form && !form.noValidate && !form.checkValidity()) {
    event.preventDefault();
    form.reportValidity();
  }
});
