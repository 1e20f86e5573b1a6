// Charts with Chart.js (vendored, loaded as a classic script before the app's modules).
// Every chart is a labelled image for screen readers and comes with its numbers as a
// table, so nothing is only visible as pixels.

import { h } from './dom.js';
import { getJson, summaryUrl } from './api.js';

export const PALETTE = ['#1f6fb2', '#d9822b', '#2e8b57', '#8e44ad', '#c0392b', '#16a085', '#7f8c8d'];

/** UTC day starts (ISO) from `days` ago to today, oldest first. */
export function dayBuckets(days) {
  const today = new Date();
  today.setUTCHours(0, 0, 0, 0);
  const out = [];
  for (let i = days - 1; i >= 0; i -= 1) out.push(new Date(today.getTime() - i * 86400e3).toISOString());
  return out;
}

/** Monday-aligned UTC week starts covering the last `days` days, oldest first. */
export function weekBuckets(days) {
  const start = new Date(Date.now() - (days - 1) * 86400e3);
  start.setUTCHours(0, 0, 0, 0);
  start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
  const out = [];
  for (let t = start.getTime(); t <= Date.now(); t += 7 * 86400e3) out.push(new Date(t).toISOString());
  return out;
}

/** Same instant? (bucket strings may differ in fractional seconds). */
export function sameBucket(a, b) {
  return new Date(a).getTime() === new Date(b).getTime();
}

/** The summary rows for `collection`. */
export async function summary(collection, options) {
  const doc = await getJson(summaryUrl(collection, options));
  return Array.isArray(doc.value) ? doc.value : [];
}

/** A chart card: heading, canvas (role=img with `description`), a data table under a
 * disclosure, and `extra` nodes. `config` is a Chart.js configuration. */
export function chartCard(title, description, config, table, extra) {
  const canvas = h('canvas', { role: 'img', 'aria-label': description });
  const card = h('section', { class: 'card chart-card', 'aria-label': title },
    h('h2', {}, title),
    h('div', { class: 'chart-box' }, canvas),
    table ? h('details', { class: 'chart-data' }, h('summary', {}, 'Show data as a table'), table) : null,
    extra || null);
  // Draw once the canvas is in the document so Chart.js can size it.
  requestAnimationFrame(() => {
    if (!window.Chart) {
      canvas.replaceWith(h('p', { class: 'error' }, 'The chart library did not load.'));
      return;
    }
    card.chart = new window.Chart(canvas, {
      ...config,
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: 'index', intersect: false },
        plugins: { legend: { position: 'bottom' } },
        ...(config.options || {}),
      },
    });
  });
  return card;
}

/** A simple table from headers and rows. */
export function dataTable(caption, headers, rows) {
  return h('table', { class: 'grid compact' },
    h('caption', { class: 'sr-only' }, caption),
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c))))));
}

/** Chart.js onClick handler calling `fn(index)` for the clicked x position. */
export function onIndexClick(fn) {
  return (event, elements, chart) => {
    const hit = elements && elements.length ? elements[0].index : null;
    if (hit !== null) return fn(hit);
    const x = chart.scales.x;
    if (!x || !event) return undefined;
    const index = x.getValueForPixel(event.x);
    if (Number.isInteger(index) && index >= 0) return fn(index);
    return undefined;
  };
}
