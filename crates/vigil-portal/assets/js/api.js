// Calls to Vigil's public API with the signed-in user's token. Errors arrive in Graph's
// shape and become ApiError with the server's message.

import { session, signOut } from './auth.js';

export class ApiError extends Error {
  constructor(status, code, message, requestId) {
    super(message);
    this.status = status;
    this.code = code;
    this.requestId = requestId;
  }
}

async function errorOf(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const error = body && body.error ? body.error : {};
  const requestId = error.innerError ? error.innerError['request-id'] : response.headers.get('request-id');
  return new ApiError(response.status, error.code || `HTTP ${response.status}`, error.message || response.statusText || 'Request failed', requestId);
}

function headers(extra = {}) {
  const s = session();
  // Evolvable enums: ask for the real members (reportOnlyFailure…) rather than
  // unknownFutureValue, as the admin center does.
  const h = { accept: 'application/json', prefer: 'include-unknown-enum-members', ...extra };
  if (s) h.authorization = `Bearer ${s.accessToken}`;
  return h;
}

async function send(method, url, body, { signal, accept } = {}) {
  const init = { method, headers: headers(accept ? { accept } : {}), signal };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['content-type'] = 'application/json';
  }
  const response = await fetch(url, init);
  if (response.status === 401) {
    signOut();
    const error = await errorOf(response);
    window.dispatchEvent(new CustomEvent('vigil:signed-out', { detail: error.message }));
    throw error;
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

/** GET a JSON document. */
export async function getJson(url, options) {
  const response = await send('GET', url, undefined, options);
  return response.json();
}

/** POST/PUT/DELETE with a JSON body; the answer's JSON or null. */
export async function sendJson(method, url, body) {
  const response = await send(method, url, body);
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/** The Graph list URL of a log with OData options (omitting empty ones). */
export function listUrl(collection, { filter, top, select, orderby, format } = {}) {
  const params = new URLSearchParams();
  if (filter) params.set('$filter', filter);
  if (top) params.set('$top', String(top));
  if (select) params.set('$select', select);
  if (orderby) params.set('$orderby', orderby);
  if (format) params.set('$format', format);
  const query = params.toString();
  return `/beta/auditLogs/${collection}${query ? `?${query}` : ''}`;
}

/** Vigil's aggregation endpoint (`/insights/v1/{log}/summary`). */
export function summaryUrl(collection, { filter, interval, groupBy, top } = {}) {
  const params = new URLSearchParams();
  if (filter) params.set('$filter', filter);
  if (interval) params.set('interval', interval);
  if (groupBy) params.set('groupBy', groupBy);
  if (top) params.set('top', String(top));
  return `/insights/v1/${collection}/summary?${params}`;
}

/** Downloads `url` (a streamed CSV or JSON answer) as a file named `filename`; answers its
 * size and the server's download limit (`vigil-download-limit`). */
export async function downloadFile(url, filename, accept) {
  const response = await send('GET', url, undefined, { accept });
  const limit = response.headers.get('vigil-download-limit');
  const blob = await response.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  setTimeout(() => {
    URL.revokeObjectURL(link.href);
    link.remove();
  }, 1000);
  return { bytes: blob.size, limit };
}

/** Graph's string literal: quotes doubled. */
export function odataString(value) {
  return `'${String(value).replace(/'/g, "''")}'`;
}
