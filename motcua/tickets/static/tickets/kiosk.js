// A second tap while the first is on its way does nothing (the server also gives one ticket).
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("kiosk-form");
  if (!form) return;
  form.addEventListener("submit", (event) => {
    if (form.dataset.sent) {
      event.preventDefault();
      return;
    }
    form.dataset.sent = "1";
    form.classList.add("sending");
  });
});
