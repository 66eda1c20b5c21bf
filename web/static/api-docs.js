// The API's HTML documentation: Swagger UI (from npm, embedded) over /ogc/api.
window.ui = window.SwaggerUIBundle({
  url: '/ogc/api',
  dom_id: '#swagger-ui',
  deepLinking: true,
  // the document is served by this server; never ask an online validator
  validatorUrl: null,
  tryItOutEnabled: false,
});
