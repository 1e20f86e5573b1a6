// A log's list page: tabs (sign-ins), the filter bar, Columns, Download, the paged table
// and the details dialog. Everything the user changes is mirrored in the query string.

import { h, replace, modal, toast, arrowKeys } from '../dom.js';
import { getJson, listUrl, downloadFile } from '../api.js';
import { humanize } from '../format.js';
import { query, updateQuery } from '../router.js';
import { logBySlug, eventTypeClause } from '../logs.js';
import { filterBar, readState, stateParams, buildFilter } from '../filters.js';
import { pagedTable } from '../table.js';
import { openDetails } from '../details.js';

const PAGE_SIZE = 50;
const columnCatalogue = new Map();

async function catalogue(collection) {
  if (!columnCatalogue.has(collection)) {
    const doc = await getJson(`/portal/api/columns/${collection}`);
    columnCatalogue.set(collection, doc.value || []);
  }
  return columnCatalogue.get(collection);
}

/** The column objects for `paths`, using the log's defaults' labels and renderers. */
function columnsFor(log, tab, paths) {
  const defaults = log.defaultColumns(tab);
  const known = new Map(defaults.map((c) => [c.path, c]));
  for (const [path, c] of Object.entries(log.special || {})) if (!known.has(path)) known.set(path, c);
  return paths.map((path) => known.get(path) || { path, label: humanize(path) });
}

function selectOf(columns) {
  return columns.map((c) => c.select || c.path).join(',');
}

/** The Columns dialog: every single-valued property, the visible ones ticked. */
async function columnsDialog(log, tab, current, onApply) {
  let available;
  try {
    available = await catalogue(log.collection);
  } catch (error) {
    toast(`Columns unavailable: ${error.message}`);
    return;
  }
  const defaults = log.defaultColumns(tab);
  const paths = [...new Set([...defaults.map((c) => c.path), ...available.map((c) => c.path)])];
  const chosen = new Set(current.map((c) => c.path));
  const filter = h('input', { type: 'search', placeholder: 'Search columns', 'aria-label': 'Search columns' });
  const boxes = paths.map((path) => {
    const label = columnsFor(log, tab, [path])[0].label;
    const input = h('input', { type: 'checkbox', value: path, checked: chosen.has(path) });
    return h('label', { class: 'check', dataset: { path, text: `${label} ${path}`.toLowerCase() } }, input, ` ${label}`,
      label !== humanize(path) ? h('span', { class: 'muted' }, ` (${path})`) : null);
  });
  filter.addEventListener('input', () => {
    const needle = filter.value.toLowerCase();
    for (const box of boxes) box.hidden = needle && !box.dataset.text.includes(needle);
  });
  const list = h('div', { class: 'column-list', role: 'group', 'aria-label': 'Columns' }, boxes);
  const apply = h('button', { type: 'button', class: 'primary', onClick: () => {
    const picked = boxes.filter((b) => b.querySelector('input').checked).map((b) => b.dataset.path);
    // Keep the order: the previously visible first, then new ones in list order.
    const ordered = [...current.map((c) => c.path).filter((p) => picked.includes(p)), ...picked.filter((p) => !chosen.has(p))];
    dialog.close();
    onApply(ordered);
  } }, 'Save');
  const reset = h('button', { type: 'button', class: 'secondary', onClick: () => { dialog.close(); onApply(null); } }, 'Reset to default');
  const dialog = modal('Columns', h('div', {}, filter, list), { actions: [reset, apply] });
}

/** The Download dialog: CSV or JSON of what the filter shows, with the visible columns. */
function downloadDialog(log, filter, columns) {
  const csv = h('input', { type: 'radio', name: 'dl-format', value: 'csv', checked: true });
  const json = h('input', { type: 'radio', name: 'dl-format', value: 'json' });
  const note = h('p', { class: 'muted' }, `Every record of the current filter, with the ${columns.length} visible columns, up to the server's download limit (250,000 records unless configured otherwise).`);
  const status = h('p', { role: 'status', 'aria-live': 'polite' });
  const go = h('button', { type: 'button', class: 'primary', onClick: async () => {
    const format = json.checked ? 'json' : 'csv';
    go.disabled = true;
    status.textContent = 'Preparing download…';
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    const name = `${log.slug}-${stamp}.${format}`;
    try {
      const { bytes, limit } = await downloadFile(listUrl(log.collection, { filter, select: selectOf(columns), format }), name,
        format === 'csv' ? 'text/csv' : 'application/json');
      const cap = limit && limit !== 'unlimited' ? ` The server stops at ${Number(limit).toLocaleString()} records.` : '';
      status.textContent = `Downloaded ${name} (${bytes.toLocaleString()} bytes).${cap}`;
      toast(`Downloaded ${name}`);
    } catch (error) {
      status.textContent = `Download failed: ${error.message}`;
    } finally {
      go.disabled = false;
    }
  } }, 'Download');
  modal('Download', h('div', {},
    h('fieldset', {}, h('legend', {}, 'Format'),
      h('label', { class: 'check' }, csv, ' CSV'), h('label', { class: 'check' }, json, ' JSON')),
    note, status), { actions: [go] });
}

/** Mounts a log list into `container`.
 * options: extraClauses (always ANDed), tab (sign-ins event type tab id or null for any),
 * title (heading, or null for none), defaultRange. Returns a cleanup function. */
export function mountLog(container, log, options = {}) {
  const q = query();
  const state = readState(q, options.defaultRange || '24h');
  const tab = options.tab;
  let columns = columnsFor(log, tab, (q.get('cols') || '').split(',').filter(Boolean));
  if (!columns.length) columns = log.defaultColumns(tab);

  const table = pagedTable({
    columns,
    caption: `${log.title} results`,
    rowLabel: (r) => `Open details of the record from ${r[log.timePath] || ''}`,
    onOpen: (record) => open(record),
  });

  function open(record, detailTab) {
    updateQuery({ open: record.id, dtab: detailTab || null });
    openDetails(log, record, {
      tab: detailTab,
      onTab: (t) => updateQuery({ dtab: t }),
      // Only while the URL still names this record: a dialog closed because the user
      // navigated elsewhere must not edit the next page's URL.
      onClose: () => {
        if (query().get('open') === record.id) updateQuery({ open: null, dtab: null });
      },
    });
  }

  function currentFilter() {
    const extra = [...(options.extraClauses || [])];
    if (log.collection === 'signIns' && tab) {
      const def = log.tabs.find((t) => t.id === tab);
      if (def) extra.push(eventTypeClause(def.type));
    }
    return buildFilter(log, state, extra);
  }

  function reload() {
    updateQuery(stateParams(state, log.filters));
    table.load(listUrl(log.collection, { filter: currentFilter(), top: PAGE_SIZE }));
  }

  const bar = filterBar(log, state, reload);
  const toolbar = h('div', { class: 'toolbar' },
    h('button', { type: 'button', class: 'secondary', onClick: () => columnsDialog(log, tab, columns, (paths) => {
      columns = paths && paths.length ? columnsFor(log, tab, paths) : log.defaultColumns(tab);
      updateQuery({ cols: paths && paths.length ? paths.join(',') : null });
      table.setColumns(columns);
    }) }, 'Columns'),
    h('button', { type: 'button', class: 'secondary', onClick: () => downloadDialog(log, currentFilter(), columns) }, 'Download'),
    h('button', { type: 'button', class: 'secondary', onClick: reload }, 'Refresh'));

  replace(container, h('div', { class: 'controls' }, bar, toolbar), table.el);
  reload();

  const openId = q.get('open');
  if (openId) {
    getJson(`/beta/auditLogs/${log.collection}/${encodeURIComponent(openId)}`)
      .then((record) => open(record, q.get('dtab')))
      .catch((error) => toast(`Could not open ${openId}: ${error.message}`));
  }
  return () => table.destroy();
}

/** `/portal/logs/:slug` */
export function logPage(main, params) {
  const log = logBySlug(params.slug);
  if (!log) return false;
  const heading = h('h1', {}, log.title);
  const content = h('div');
  if (!log.tabs) {
    replace(main, heading, content);
    return mountLog(content, log, {});
  }
  const q = query();
  let current = log.tabs.some((t) => t.id === q.get('tab')) ? q.get('tab') : log.tabs[0].id;
  // Switching tabs remounts only the list: the mounted list's cleanup (its scroll observer,
  // any request in flight) runs first, and the tab bar stays, keeping keyboard focus.
  let unmount = null;
  const panel = h('div', { role: 'tabpanel' }, content);
  const buttons = log.tabs.map((t) => h('button', {
    type: 'button', role: 'tab', dataset: { tab: t.id },
    onClick: () => {
      if (t.id === current) return;
      updateQuery({ tab: t.id, cols: null, open: null }, { push: true });
      show(t.id);
    },
  }, t.label));
  const show = (id) => {
    current = id;
    for (const button of buttons) {
      const selected = button.dataset.tab === id;
      button.setAttribute('aria-selected', String(selected));
      button.setAttribute('tabindex', selected ? '0' : '-1');
    }
    panel.setAttribute('aria-label', log.tabs.find((t) => t.id === id).label);
    if (unmount) {
      try { unmount(); } catch { /* a stale list must not block the next */ }
    }
    unmount = mountLog(content, log, { tab: id });
  };
  const tabBar = h('div', { role: 'tablist', class: 'tabs', 'aria-label': 'Sign-in types' }, buttons);
  arrowKeys(tabBar);
  replace(main, heading, tabBar, panel);
  show(current);
  return () => { if (unmount) unmount(); };
}
