// The kiosk prints the ticket as soon as it is shown (chromium --kiosk-printing prints silently).
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("print-ticket");
  if (button) button.addEventListener("click", () => window.print());
  const ticket = document.getElementById("ticket");
  if (ticket && ticket.hasAttribute("data-print-now")) window.print();
});
