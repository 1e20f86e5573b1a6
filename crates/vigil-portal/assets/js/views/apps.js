// Enterprise applications → an app → Sign-ins and usage.

import { h, replace, definitionList } from '../dom.js';
import { odataString, getJson, listUrl } from '../api.js';
import { LOGS, ALL_SIGN_IN_TYPES } from '../logs.js';
import { count, formatDay, percent } from '../format.js';
import { mountLog } from './log_view.js';
import { entityList, entityPage, activityCells } from './entity.js';
import { summary, chartCard, dataTable, dayBuckets, sameBucket, PALETTE } from '../charts.js';

/** `/portal/apps` */
export function appsPage(main) {
  entityList(main, {
    title: 'Enterprise applications',
    intro: 'Applications users signed in to during the last 30 days. Open one for its sign-ins and usage.',
    placeholder: 'Search by application name',
    groupBy: 'app',
    searchClause: (t) => `startswith(appDisplayName,${odataString(t)})`,
    basePath: '/portal/apps',
    headers: ['Application', 'Application ID', 'Sign-ins', 'Success rate', 'Last sign-in'],
    cells: (r) => [r.label || r.key, r.key, ...activityCells(r)],
  });
}

/** Daily sign-ins of one app, success and failure stacked. */
export async function appUsage(panel, appId, days = 30) {
  replace(panel, h('p', { class: 'muted' }, 'Loading usage…'));
  const since = dayBuckets(days)[0];
  const rows = await summary('signIns', { filter: `appId eq ${odataString(appId)} and createdDateTime ge ${since}`, interval: 'day' });
  const buckets = dayBuckets(days);
  const at = (b) => rows.find((r) => sameBucket(r.bucket, b)) || { total: 0, success: 0, failure: 0, interrupted: 0 };
  const labels = buckets.map(formatDay);
  const success = buckets.map((b) => at(b).success);
  const failure = buckets.map((b) => at(b).failure + (at(b).interrupted || 0));
  const total = rows.reduce((n, r) => n + r.total, 0);
  const ok = rows.reduce((n, r) => n + r.success, 0);
  replace(panel,
    h('p', {}, `${count(total)} sign-ins in ${days} days, ${percent(ok, total)} successful.`),
    chartCard('Sign-ins per day', `Sign-ins per day for the last ${days} days: ${count(total)} in all`, {
      type: 'bar',
      data: { labels, datasets: [
        { label: 'Success', data: success, backgroundColor: PALETTE[2], stack: 's' },
        { label: 'Failure or interrupted', data: failure, backgroundColor: PALETTE[4], stack: 's' },
      ] },
      options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
    }, dataTable('Sign-ins per day', ['Day', 'Success', 'Failure or interrupted'], labels.map((l, i) => [l, count(success[i]), count(failure[i])]))));
}

/** `/portal/apps/:id` */
export async function appPage(main, params) {
  const id = params.id;
  const s = odataString(id);
  let latest = null;
  try {
    const page = await getJson(listUrl('signIns', { filter: `appId eq ${s} and ${ALL_SIGN_IN_TYPES}`, top: 1 }));
    latest = (page.value || [])[0] || null;
  } catch {
    latest = null;
  }
  const subtitle = definitionList([['Application ID', id], ['Last sign-in', latest ? new Date(latest.createdDateTime).toLocaleString() : null]]);
  return entityPage(main, latest?.appDisplayName || 'Application', subtitle, [
    { id: 'sign-ins', label: 'Sign-ins', mount: (panel) => mountLog(panel, LOGS.signIns, { extraClauses: [`appId eq ${s}`], tab: 'interactive', defaultRange: '30d' }) },
    { id: 'usage', label: 'Usage', mount: (panel) => { appUsage(panel, id).catch((e) => replace(panel, h('p', { class: 'error' }, e.message))); } },
  ]);
}
