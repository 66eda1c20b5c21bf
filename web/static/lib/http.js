// Talking to the server: JSON in and out; an answer that is not 2xx becomes a ProblemError
// carrying the RFC 9457 problem+json body (its `detail` is the message a person reads).
export class ProblemError extends Error {
  constructor(status, body, fallback) {
    super(body.detail || body.title || fallback || String(status));
    this.status = status;
    this.body = body;
  }
}

// fetch with the session cookie; resolves to { body, res } (body parsed when JSON).
export async function api(url, options = {}) {
  // the server writes its messages in the page's language (the datasheet, comparison and
  // report pages set no cookie; the browser's own Accept-Language may be another one)
  const language = document.documentElement.lang === 'en' ? 'en' : 'nb, en;q=0.5';
  const headers = { Accept: 'application/geo+json, application/json', 'Accept-Language': language, ...(options.headers || {}) };
  const res = await fetch(url, { credentials: 'same-origin', ...options, headers });
  const body = res.status === 204 ? {} : await res.json().catch(() => ({}));
  if (!res.ok) throw new ProblemError(res.status, body, res.statusText);
  return { body, res };
}

export async function getJson(url, options) {
  return (await api(url, options)).body;
}
