// Usage & insights: application usage (weekly for the top three applications, or daily
// for one), sign-in success rate per application, and the authentication-methods report.
// Every number comes from the store's aggregation endpoint; clicking a bar lists the
// sign-ins behind it.

import { h, replace, field } from '../dom.js';
import { odataString, listUrl } from '../api.js';
import { count, formatDay, percent, enumText } from '../format.js';
import { query, updateQuery } from '../router.js';
import { LOGS } from '../logs.js';
import { pagedTable } from '../table.js';
import { openDetails } from '../details.js';
import { summary, chartCard, dataTable, dayBuckets, weekBuckets, sameBucket, onIndexClick, PALETTE } from '../charts.js';

const PERIODS = [['7', 'Last 7 days'], ['30', 'Last 30 days'], ['90', 'Last 90 days']];

function periodStart(days, interval) {
  return (interval === 'week' ? weekBuckets(days) : dayBuckets(days))[0];
}

/** A card listing the sign-ins of one bucket (and app), replacing `slot`'s content. */
export function showBucket(slot, title, filter) {
  const table = pagedTable({
    columns: LOGS.signIns.defaultColumns('interactive'),
    caption: title,
    onOpen: (r) => openDetails(LOGS.signIns, r),
  });
  replace(slot, h('section', { class: 'card', 'aria-label': title }, h('h2', {}, title), table.el));
  table.load(listUrl('signIns', { filter, top: 50 }));
  slot.scrollIntoView({ block: 'nearest' });
  return table;
}

async function appUsage(container, days, focus, slot) {
  const interval = focus ? 'day' : 'week';
  const since = periodStart(days, interval);
  const base = `createdDateTime ge ${since}`;
  const buckets = interval === 'week' ? weekBuckets(days) : dayBuckets(days);
  const span = interval === 'week' ? 7 * 86400e3 : 86400e3;
  const labels = buckets.map((b) => (interval === 'week' ? `Week of ${formatDay(b)}` : formatDay(b)));
  const bucketFilter = (i, appClause) => {
    const start = new Date(buckets[i]);
    const end = new Date(start.getTime() + span);
    return `${appClause} and createdDateTime ge ${start.toISOString()} and createdDateTime lt ${end.toISOString()}`;
  };
  if (focus) {
    const rows = await summary('signIns', { filter: `appId eq ${odataString(focus)} and ${base}`, interval: 'day', groupBy: 'app' });
    const name = rows[0]?.label || focus;
    const at = (b) => rows.find((r) => sameBucket(r.bucket, b)) || { success: 0, failure: 0, interrupted: 0, total: 0 };
    const success = buckets.map((b) => at(b).success);
    const failed = buckets.map((b) => at(b).failure + (at(b).interrupted || 0));
    const total = rows.reduce((n, r) => n + r.total, 0);
    replace(container, chartCard(`${name}: sign-ins per day`, `Sign-ins to ${name} per day over ${days} days, ${count(total)} in all. Activate a day to list its sign-ins.`, {
      type: 'bar',
      data: { labels, datasets: [
        { label: 'Success', data: success, backgroundColor: PALETTE[2], stack: 's' },
        { label: 'Failure or interrupted', data: failed, backgroundColor: PALETTE[4], stack: 's' },
      ] },
      options: {
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
        onClick: onIndexClick((i) => showBucket(slot, `Sign-ins to ${name} on ${labels[i]}`, bucketFilter(i, `appId eq ${odataString(focus)}`))),
      },
    }, dataTable('Sign-ins per day', ['Day', 'Success', 'Failure or interrupted'], labels.map((l, i) => [
      h('button', { type: 'button', class: 'link-button', onClick: () => showBucket(slot, `Sign-ins to ${name} on ${l}`, bucketFilter(i, `appId eq ${odataString(focus)}`)) }, l),
      count(success[i]), count(failed[i])]))));
    return;
  }
  const rows = await summary('signIns', { filter: base, interval: 'week', groupBy: 'app', top: 3 });
  const apps = [];
  for (const r of rows) if (!apps.some((a) => a.key === r.key)) apps.push({ key: r.key, label: r.label || r.key });
  const datasets = apps.map((app, n) => ({
    label: app.label,
    data: buckets.map((b) => rows.filter((r) => r.key === app.key && sameBucket(r.bucket, b)).reduce((x, r) => x + r.total, 0)),
    backgroundColor: PALETTE[n],
  }));
  replace(container, chartCard('App usage: top three applications per week', `Weekly sign-ins to ${apps.map((a) => a.label).join(', ')} over ${days} days. Activate a bar to list its sign-ins.`, {
    type: 'bar',
    data: { labels, datasets },
    options: {
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      onClick: (event, elements) => {
        const hit = elements && elements[0];
        if (!hit) return;
        const app = apps[hit.datasetIndex];
        showBucket(slot, `Sign-ins to ${app.label}, ${labels[hit.index].toLowerCase()}`, bucketFilter(hit.index, `appId eq ${odataString(app.key)}`));
      },
    },
  }, dataTable('Weekly sign-ins of the top three applications', ['Week', ...apps.map((a) => a.label)], labels.map((l, i) => [l, ...datasets.map((d) => count(d.data[i]))]))));
}

async function successRates(container, days) {
  const rows = await summary('signIns', { filter: `createdDateTime ge ${dayBuckets(days)[0]}`, groupBy: 'app', top: 10 });
  rows.sort((a, b) => b.total - a.total);
  const labels = rows.map((r) => r.label || r.key);
  replace(container, chartCard('Sign-in success rate per application', `Share of successful sign-ins for the ${rows.length} most used applications over ${days} days.`, {
    type: 'bar',
    data: { labels, datasets: [{ label: 'Success rate (%)', data: rows.map((r) => (r.total ? (100 * r.success) / r.total : 0)), backgroundColor: PALETTE[0] }] },
    options: { indexAxis: 'y', scales: { x: { min: 0, max: 100 } }, plugins: { legend: { display: false } } },
  }, dataTable('Success rate per application', ['Application', 'Sign-ins', 'Success', 'Failure', 'Interrupted', 'Success rate'],
    rows.map((r) => [r.label || r.key, count(r.total), count(r.success), count(r.failure), count(r.interrupted), percent(r.success, r.total)]))));
}

async function authMethods(container, days) {
  const filter = `createdDateTime ge ${dayBuckets(days)[0]}`;
  const [methods, requirement] = await Promise.all([
    summary('signIns', { filter, groupBy: 'authenticationMethod' }),
    summary('signIns', { filter, groupBy: 'authenticationRequirement' }),
  ]);
  methods.sort((a, b) => b.total - a.total);
  const labels = methods.map((r) => r.label || r.key || 'None');
  const mfa = requirement.find((r) => r.key === 'multiFactorAuthentication' || r.key === 'multifactorauthentication');
  const all = requirement.reduce((n, r) => n + r.total, 0);
  replace(container,
    chartCard('Authentication methods used', `Sign-ins per authentication method over ${days} days; ${percent(mfa?.total || 0, all)} of sign-ins required multifactor authentication.`, {
      type: 'bar',
      data: { labels, datasets: [
        { label: 'Succeeded', data: methods.map((r) => r.success), backgroundColor: PALETTE[2], stack: 'm' },
        { label: 'Failed or interrupted', data: methods.map((r) => r.failure + (r.interrupted || 0)), backgroundColor: PALETTE[4], stack: 'm' },
      ] },
      options: { indexAxis: 'y', scales: { x: { stacked: true, beginAtZero: true }, y: { stacked: true } } },
    }, dataTable('Sign-ins per authentication method', ['Method', 'Sign-ins', 'Success rate'], methods.map((r, i) => [labels[i], count(r.total), percent(r.success, r.total)])),
    h('p', {}, `Authentication requirement: ${requirement.map((r) => `${enumText(r.label || r.key)} ${count(r.total)} (${percent(r.total, all)})`).join(' · ') || 'no sign-ins'}.`)));
}

function guard(promise, container) {
  promise.catch((error) => replace(container, h('section', { class: 'card' }, h('p', { class: 'error' }, `Could not load: ${error.message}`))));
}

/** `/portal/insights?period=30&app=<appId>` */
export async function insightsPage(main) {
  const q = query();
  const days = Number(PERIODS.some(([v]) => v === q.get('period')) ? q.get('period') : '30');
  const focus = q.get('app') || '';
  const period = h('select', {}, PERIODS.map(([v, l]) => h('option', { value: v, selected: Number(v) === days }, l)));
  const focusSelect = h('select', {}, h('option', { value: '' }, 'Top three applications'));
  const usage = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const slot = h('div', { class: 'bucket-slot' });
  const rates = h('div');
  const methods = h('div');
  const rerender = () => insightsPage(main);
  period.addEventListener('change', () => { updateQuery({ period: period.value }, { push: true }); rerender(); });
  focusSelect.addEventListener('change', () => { updateQuery({ app: focusSelect.value || null }, { push: true }); rerender(); });
  replace(main, h('h1', {}, 'Usage & insights'),
    h('div', { class: 'controls' }, field('Period', period), field('Application', focusSelect)),
    usage, slot, h('div', { class: 'grid-2' }, rates, methods));
  summary('signIns', { filter: `createdDateTime ge ${dayBuckets(days)[0]}`, groupBy: 'app', top: 25 })
    .then((apps) => {
      apps.sort((a, b) => b.total - a.total);
      for (const a of apps) focusSelect.append(h('option', { value: a.key, selected: a.key === focus }, a.label || a.key));
      if (focus && !apps.some((a) => a.key === focus)) focusSelect.append(h('option', { value: focus, selected: true }, focus));
    })
    .catch(() => {});
  guard(appUsage(usage, days, focus, slot), usage);
  guard(successRates(rates, days), rates);
  guard(authMethods(methods, days), methods);
  return undefined;
}
