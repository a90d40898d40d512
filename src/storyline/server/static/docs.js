// The API docs page: Swagger UI (served from the swagger-ui-bundle package, never a CDN)
// over this server's OpenAPI description. A file, not an inline script: the CSP forbids those.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
