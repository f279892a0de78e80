// Catalogue live search: leave empty filters out of the request, so the address htmx pushes
// stays short and shareable (/thu-tuc/?q=giay+phep rather than ...&sector=&level=&agency=).
document.addEventListener("htmx:configRequest", (event) => {
  const params = event.detail.parameters;
  for (const name of [...params.keys()]) {
    if (params.get(name) === "") params.delete(name);
  }
});
