// The overview: the last 24 hours at a glance and the way into every view.

import { h, replace } from '../dom.js';
import { count, percent } from '../format.js';
import { summary } from '../charts.js';
import { ALL_SIGN_IN_TYPES } from '../logs.js';
import { href } from '../router.js';

function tile(label, value, url, note) {
  return h('a', { class: 'tile', href: url }, h('span', { class: 'tile-value' }, value), h('span', { class: 'tile-label' }, label), note ? h('span', { class: 'muted' }, note) : null);
}

/** `/portal/` */
export async function homePage(main) {
  const tiles = h('div', { class: 'tiles' }, h('p', { class: 'muted' }, 'Loading the last 24 hours…'));
  replace(main, h('h1', {}, 'Overview'), h('p', {}, 'Activity of the last 24 hours. Every number opens the records behind it.'), tiles,
    h('section', { class: 'card' }, h('h2', {}, 'Activity logs'), h('ul', { class: 'link-list' },
      h('li', {}, h('a', { href: '/portal/logs/sign-ins' }, 'Sign-in logs'), ' — interactive, non-interactive, service principal and managed identity sign-ins'),
      h('li', {}, h('a', { href: '/portal/logs/audit' }, 'Audit logs'), ' — every change in the directory'),
      h('li', {}, h('a', { href: '/portal/logs/provisioning' }, 'Provisioning logs'), ' — what provisioning created, changed and removed'),
      h('li', {}, h('a', { href: '/portal/logs/custom-security-attributes' }, 'Custom security attribute audit logs')),
      h('li', {}, h('a', { href: '/portal/insights' }, 'Usage & insights'), ' and ', h('a', { href: '/portal/identity-protection' }, 'Identity Protection')))));
  const since = new Date(Date.now() - 24 * 3600e3).toISOString();
  try {
    const [byStatus, audits, risky] = await Promise.all([
      summary('signIns', { filter: `createdDateTime ge ${since} and ${ALL_SIGN_IN_TYPES}`, groupBy: 'status' }),
      summary('directoryAudits', { filter: `activityDateTime ge ${since}` }),
      summary('signIns', { filter: `createdDateTime ge ${since} and riskLevelDuringSignIn in ('low','medium','high')` }),
    ]);
    const total = byStatus.reduce((n, r) => n + r.total, 0);
    const failed = byStatus.filter((r) => r.key === 'failure').reduce((n, r) => n + r.total, 0);
    const auditTotal = audits.reduce((n, r) => n + r.total, 0);
    const riskyTotal = risky.reduce((n, r) => n + r.total, 0);
    replace(tiles,
      tile('Sign-ins', count(total), href('/portal/logs/sign-ins', { range: '24h' })),
      tile('Failed sign-ins', count(failed), href('/portal/logs/sign-ins', { range: '24h', f_status: 'failure' }), percent(failed, total)),
      tile('Risky sign-ins', count(riskyTotal), '/portal/identity-protection'),
      tile('Directory changes', count(auditTotal), href('/portal/logs/audit', { range: '24h' })));
  } catch (error) {
    replace(tiles, h('p', { class: 'muted' }, `Summary unavailable: ${error.message}`));
  }
  return undefined;
}
