// The results table: one page at a time from the API, more pages on demand (a "Load more"
// button, and automatically when the end of the list scrolls into view), rows that open
// their details with a click or Enter.

import { h, replace } from './dom.js';
import { getJson } from './api.js';
import { formatDate, text, valueAt } from './format.js';

/** The text a cell shows for `column` of `record`. */
export function cellText(column, record) {
  if (column.render) return column.render(record);
  const value = valueAt(record, column.path);
  if (/DateTime$/.test(column.path)) return formatDate(value);
  return text(value);
}

/** A paged table over a Graph list URL.
 * options: columns, caption, onOpen(record), emptyText, pageLabel */
export function pagedTable(options) {
  let columns = options.columns;
  let records = [];
  let nextLink = null;
  let loading = false;
  let generation = 0;
  let controller = null;

  const head = h('thead');
  const body = h('tbody');
  const caption = h('caption', { class: 'sr-only' }, options.caption || 'Results');
  const table = h('table', { class: 'grid' }, caption, head, body);
  const status = h('p', { class: 'list-status', role: 'status', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', class: 'secondary load-more', hidden: true, onClick: () => loadMore() }, 'Load more');
  const sentinel = h('div', { class: 'sentinel', 'aria-hidden': 'true' });
  const el = h('div', { class: 'table-wrap' }, h('div', { class: 'table-scroll' }, table), status, more, sentinel);

  const observer = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting) && nextLink && !loading && records.length) loadMore();
  });
  observer.observe(sentinel);

  function renderHead() {
    replace(head, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c.label))));
  }

  function row(record) {
    const tr = h('tr', {
      tabindex: '0',
      class: options.onOpen ? 'clickable' : '',
      'aria-label': options.rowLabel ? options.rowLabel(record) : null,
      onClick: () => options.onOpen && options.onOpen(record),
      onKeydown: (e) => {
        if ((e.key === 'Enter' || e.key === ' ') && options.onOpen) {
          e.preventDefault();
          options.onOpen(record);
        } else if (e.key === 'ArrowDown' && tr.nextElementSibling) {
          e.preventDefault();
          tr.nextElementSibling.focus();
        } else if (e.key === 'ArrowUp' && tr.previousElementSibling) {
          e.preventDefault();
          tr.previousElementSibling.focus();
        }
      },
    }, columns.map((c) => h('td', { class: /DateTime$/.test(c.path) ? 'nowrap' : null }, cellText(c, record))));
    return tr;
  }

  function renderRows() {
    replace(body, records.map(row));
    updateStatus();
  }

  function updateStatus() {
    if (loading) status.textContent = records.length ? `Showing ${records.length.toLocaleString()} — loading more…` : 'Loading…';
    else if (!records.length) status.textContent = options.emptyText || 'No records match.';
    else status.textContent = `Showing ${records.length.toLocaleString()}${nextLink ? ' — more available' : ''}`;
    more.hidden = !nextLink || loading;
  }

  async function fetchPage(url, append) {
    controller?.abort();
    controller = new AbortController();
    const mine = ++generation;
    loading = true;
    updateStatus();
    try {
      const page = await getJson(url, { signal: controller.signal });
      if (mine !== generation) return;
      const value = Array.isArray(page.value) ? page.value : [];
      nextLink = page['@odata.nextLink'] || null;
      if (append) {
        records = records.concat(value);
        body.append(...value.map(row));
      } else {
        records = value;
        renderRows();
      }
    } catch (error) {
      if (error.name === 'AbortError' || mine !== generation) return;
      nextLink = null;
      if (!append) replace(body);
      loading = false;
      updateStatus();
      status.textContent = `Could not load: ${error.message}`;
      status.classList.add('error');
      return;
    } finally {
      if (mine === generation) loading = false;
    }
    status.classList.remove('error');
    updateStatus();
    if (options.onLoaded) options.onLoaded(records);
  }

  function loadMore() {
    if (nextLink && !loading) fetchPage(nextLink, true);
  }

  renderHead();
  return {
    el,
    /** Loads the first page of `url`. */
    load(url) {
      el.dataset.listUrl = url;
      records = [];
      nextLink = null;
      return fetchPage(url, false);
    },
    /** Shows other columns for the same records. */
    setColumns(next) {
      columns = next;
      renderHead();
      renderRows();
    },
    records: () => records,
    destroy() {
      observer.disconnect();
      controller?.abort();
    },
  };
}
