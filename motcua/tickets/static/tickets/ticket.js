// The kiosk prints the ticket as soon as it is shown (chromium --kiosk-printing prints silently),
// then goes back to the area buttons for the next citizen.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("print-ticket");
  if (button) button.addEventListener("click", () => window.print());
  const ticket = document.getElementById("ticket");
  if (!ticket) return;
  if (ticket.hasAttribute("data-print-now")) window.print();
  const seconds = Number(ticket.dataset.backAfter || 0);
  if (seconds > 0) {
    setTimeout(() => window.location.assign(ticket.dataset.backUrl), seconds * 1000);
  }
});
