// Identity Protection overview: sign-ins per day over 30 days with the risky ones, the
// risky sign-ins, and the users flagged for risk.

import { h, replace, modal, definitionList } from '../dom.js';
import { listUrl } from '../api.js';
import { count, formatDate, formatDay, enumText, valueAt } from '../format.js';
import { pagedTable } from '../table.js';
import { signInStatus } from '../logs.js';
import { summary, chartCard, dataTable, dayBuckets, sameBucket, onIndexClick, PALETTE } from '../charts.js';

export const RISKY = "(riskLevelDuringSignIn in ('low','medium','high') or riskState in ('atRisk','confirmedCompromised'))";
const FLAGGED = "riskState in ('atRisk','confirmedCompromised')";

/** The detail list Identity Protection shows for a sign-in. */
export function riskDetails(r) {
  const location = [valueAt(r, 'location/city'), valueAt(r, 'location/state'), valueAt(r, 'location/countryOrRegion')].filter(Boolean).join(', ');
  modal('Sign-in details', definitionList([
    ['User ID', r.userId],
    ['User', r.userDisplayName],
    ['Username', r.userPrincipalName],
    ['Application ID', r.appId],
    ['Application', r.appDisplayName],
    ['Client', r.clientAppUsed],
    ['Location', location],
    ['IP address', r.ipAddress],
    ['Date', formatDate(r.createdDateTime)],
    ['MFA required', r.authenticationRequirement === 'multiFactorAuthentication' ? 'Yes' : 'No'],
    ['Sign-in status', signInStatus(r)],
    ['Risk level during sign-in', enumText(r.riskLevelDuringSignIn)],
    ['Risk state', enumText(r.riskState)],
  ]));
}

const riskColumns = [
  { path: 'createdDateTime', label: 'Date' },
  { path: 'userDisplayName', label: 'User' },
  { path: 'appDisplayName', label: 'Application' },
  { path: 'ipAddress', label: 'IP address' },
  { path: 'location/city', label: 'Location', render: (r) => [valueAt(r, 'location/city'), valueAt(r, 'location/countryOrRegion')].filter(Boolean).join(', ') },
  { path: 'riskLevelDuringSignIn', label: 'Risk level', render: (r) => enumText(r.riskLevelDuringSignIn) },
  { path: 'riskState', label: 'Risk state', render: (r) => enumText(r.riskState) },
  { path: 'status/errorCode', label: 'Status', render: signInStatus },
];

function listCard(title, filter) {
  const table = pagedTable({ columns: riskColumns, caption: title, onOpen: riskDetails, emptyText: 'None.' });
  table.load(listUrl('signIns', { filter, top: 25 }));
  return { el: h('section', { class: 'card', 'aria-label': title }, h('h2', {}, title), table.el), table };
}

/** `/portal/identity-protection` */
export async function riskPage(main) {
  const days = 30;
  const buckets = dayBuckets(days);
  const since = buckets[0];
  const chartSlot = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const daySlot = h('div');
  const users = h('section', { class: 'card', 'aria-label': 'Users flagged for risk' }, h('h2', {}, 'Users flagged for risk'), h('p', { class: 'muted' }, 'Loading…'));
  const risky = listCard('Risky sign-ins (last 30 days)', `createdDateTime ge ${since} and ${RISKY}`);
  let dayTable = null;
  replace(main, h('h1', {}, 'Identity Protection'), chartSlot, daySlot, risky.el, users);

  const showDay = (i) => {
    dayTable?.destroy();
    const start = new Date(buckets[i]);
    const end = new Date(start.getTime() + 86400e3);
    const card = listCard(`Sign-ins on ${formatDay(buckets[i])}`, `createdDateTime ge ${start.toISOString()} and createdDateTime lt ${end.toISOString()}`);
    dayTable = card.table;
    replace(daySlot, card.el);
    daySlot.scrollIntoView({ block: 'nearest' });
  };

  try {
    const [all, riskyRows] = await Promise.all([
      summary('signIns', { filter: `createdDateTime ge ${since}`, interval: 'day' }),
      summary('signIns', { filter: `createdDateTime ge ${since} and ${RISKY}`, interval: 'day' }),
    ]);
    const at = (rows, b) => rows.find((r) => sameBucket(r.bucket, b))?.total || 0;
    const labels = buckets.map(formatDay);
    const totals = buckets.map((b) => at(all, b));
    const riskyTotals = buckets.map((b) => at(riskyRows, b));
    replace(chartSlot, chartCard('Sign-ins per day', `Sign-ins per day over ${days} days: ${count(totals.reduce((a, b) => a + b, 0))} in all, ${count(riskyTotals.reduce((a, b) => a + b, 0))} risky. Activate a day to list its sign-ins.`, {
      type: 'bar',
      data: { labels, datasets: [
        { label: 'Sign-ins', data: totals, backgroundColor: PALETTE[0] },
        {
          type: 'line', label: 'Risky sign-ins (right axis)', data: riskyTotals, yAxisID: 'risky',
          borderColor: PALETTE[4], backgroundColor: PALETTE[4], pointRadius: 3, tension: 0.2,
        },
      ] },
      options: {
        scales: {
          y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'Sign-ins' } },
          risky: { position: 'right', beginAtZero: true, ticks: { precision: 0 }, grid: { drawOnChartArea: false }, title: { display: true, text: 'Risky' } },
        },
        onClick: onIndexClick(showDay),
      },
    }, dataTable('Sign-ins per day', ['Day', 'Sign-ins', 'Risky'], labels.map((l, i) => [
      h('button', { type: 'button', class: 'link-button', onClick: () => showDay(i) }, l), count(totals[i]), count(riskyTotals[i])]))));
  } catch (error) {
    replace(chartSlot, h('p', { class: 'error' }, `Could not load: ${error.message}`));
  }

  try {
    const flagged = await summary('signIns', { filter: `createdDateTime ge ${since} and ${FLAGGED}`, groupBy: 'user', top: 50 });
    flagged.sort((a, b) => b.total - a.total);
    const rows = flagged.map((u) => [
      h('a', { href: `/portal/users/${encodeURIComponent(u.key)}` }, u.label || u.key), u.detail || '', count(u.total), formatDate(u.latest),
    ]);
    replace(users, h('h2', {}, 'Users flagged for risk'), rows.length
      ? h('div', { class: 'table-scroll' }, dataTable('Users flagged for risk', ['User', 'Username', 'Risky sign-ins', 'Last risky sign-in'], rows))
      : h('p', {}, 'No user is at risk.'));
  } catch (error) {
    replace(users, h('h2', {}, 'Users flagged for risk'), h('p', { class: 'error' }, `Could not load: ${error.message}`));
  }
  return () => { risky.table.destroy(); dayTable?.destroy(); };
}

