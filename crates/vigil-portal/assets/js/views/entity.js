// Shared by the user and application pages: a list of entities from a summary grouping,
// and an entity page whose sections are tabs kept in the query string (`view`).

import { h, replace, arrowKeys } from '../dom.js';
import { count, formatDate, percent } from '../format.js';
import { query, updateQuery } from '../router.js';
import { summary } from '../charts.js';

function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** A searchable list of the entities seen in sign-ins over 30 days.
 * options: title, intro, groupBy, searchClause(text), basePath, columns */
export function entityList(main, options) {
  const q = query();
  const search = h('input', { type: 'search', value: q.get('search') || '', placeholder: options.placeholder, 'aria-label': options.placeholder });
  const status = h('p', { role: 'status', class: 'list-status' });
  const body = h('tbody');
  const table = h('div', { class: 'table-scroll' }, h('table', { class: 'grid' },
    h('caption', { class: 'sr-only' }, options.title),
    h('thead', {}, h('tr', {}, options.headers.map((x) => h('th', { scope: 'col' }, x)))), body));
  async function load() {
    const text = search.value.trim();
    updateQuery({ search: text || null });
    const since = new Date(Date.now() - 30 * 86400e3).toISOString();
    const clauses = [`createdDateTime ge ${since}`];
    if (text) clauses.push(options.searchClause(text));
    status.textContent = 'Loading…';
    try {
      const rows = await summary('signIns', { filter: clauses.join(' and '), groupBy: options.groupBy, top: 100 });
      rows.sort((a, b) => b.total - a.total);
      replace(body, rows.map((r) => h('tr', {}, options.cells(r).map((c, i) => h('td', {}, i === 0 ? h('a', { href: `${options.basePath}/${encodeURIComponent(r.key)}` }, c) : c)))));
      status.textContent = rows.length ? `${rows.length} shown, most sign-ins first (last 30 days).` : 'None found.';
    } catch (error) {
      status.textContent = `Could not load: ${error.message}`;
    }
  }
  search.addEventListener('input', debounce(load, 400));
  replace(main, h('h1', {}, options.title), h('p', {}, options.intro), h('div', { class: 'controls' }, search), table, status);
  load();
}

/** A summary row's cells: sign-ins, success rate, last sign-in. */
export function activityCells(r) {
  return [count(r.total), percent(r.success, r.total), formatDate(r.latest)];
}

/** An entity page with tabs. sections: [{id, label, mount(container) → cleanup}] */
export function entityPage(main, title, subtitle, sections) {
  const q = query();
  const current = sections.some((s) => s.id === q.get('view')) ? q.get('view') : sections[0].id;
  const panel = h('div', { role: 'tabpanel' });
  let cleanup = null;
  const buttons = sections.map((s) => h('button', {
    type: 'button', role: 'tab', dataset: { tab: s.id },
    onClick: () => show(s.id, true),
  }, s.label));
  function show(id, fromUser) {
    if (cleanup) cleanup();
    cleanup = null;
    if (fromUser) {
      const params = new URLSearchParams();
      params.set('view', id);
      history.pushState(null, '', `${location.pathname}?${params}`);
    }
    buttons.forEach((b) => {
      const on = b.dataset.tab === id;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
    });
    panel.setAttribute('aria-label', sections.find((s) => s.id === id).label);
    const result = sections.find((s) => s.id === id).mount(panel);
    if (typeof result === 'function') cleanup = result;
  }
  const list = h('div', { role: 'tablist', class: 'tabs', 'aria-label': title }, buttons);
  arrowKeys(list);
  replace(main, h('h1', {}, title), subtitle, list, panel);
  show(current, false);
  return () => cleanup && cleanup();
}

