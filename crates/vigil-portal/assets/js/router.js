// Client-side routing over the History API. Every page lives under /portal/…, its state
// (filters, columns, tabs, period) in the query string, so any view can be bookmarked or
// shared and Back/Forward work.

const routes = [];
let onRender = null;

/** Registers `pattern` (`/portal/users/:id`) → `view(params, query)`. */
export function route(pattern, view) {
  const names = [];
  const regex = new RegExp(`^${pattern.replace(/\/:([a-zA-Z]+)/g, (_, name) => {
    names.push(name);
    return '/([^/]+)';
  })}/?$`);
  routes.push({ regex, names, view });
}

/** Finds the view for `path`. */
export function match(path) {
  for (const r of routes) {
    const m = r.regex.exec(path);
    if (m) {
      const params = {};
      r.names.forEach((name, i) => { params[name] = decodeURIComponent(m[i + 1]); });
      return { view: r.view, params };
    }
  }
  return null;
}

/** Sets the function that renders the current location. */
export function setRenderer(fn) {
  onRender = fn;
}

/** Goes to `url` (path + query), adding a history entry unless `replace`. */
export function navigate(url, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  if (onRender) onRender();
}

/** The current query as URLSearchParams. */
export function query() {
  return new URLSearchParams(location.search);
}

/** Updates the query string in place (null/'' removes a key) without re-rendering. */
export function updateQuery(changes, { push = false } = {}) {
  const params = query();
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === '') params.delete(key);
    else params.set(key, value);
  }
  const text = params.toString();
  const url = `${location.pathname}${text ? `?${text}` : ''}`;
  if (push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}

/** Intercepts clicks on same-origin `/portal/` links so they route without a reload. */
export function interceptLinks() {
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target.closest('a[href]');
    if (!link || link.target || link.hasAttribute('download')) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin || !url.pathname.startsWith('/portal')) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
  window.addEventListener('popstate', () => onRender && onRender());
}

/** A portal URL with a query built from `params` (empty values dropped). */
export function href(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== '') q.set(k, v);
  }
  const text = q.toString();
  return `${path}${text ? `?${text}` : ''}`;
}
