// Each new call (or recall) is highlighted once and, where the server has a voice, spoken once.
(() => {
  let lastKey = null;

  function announce() {
    const note = document.getElementById("announcement");
    if (!note || note.dataset.key === lastKey) return;
    lastKey = note.dataset.key;
    document.body.dataset.announced = lastKey;
    note.classList.add("fresh");
    const src = note.dataset.audio;
    if (!src) return;
    document.body.dataset.spoken = src;
    // Autoplay needs chromium's --autoplay-policy=no-user-gesture-required on the board screen.
    new Audio(src).play().catch(() => {});
  }

  document.addEventListener("DOMContentLoaded", announce);
  document.addEventListener("htmx:afterSwap", announce);
})();
