// The overview: the last 24 hours at a glance and the way into every view.

import { h, replace } from '../dom.js';
import { count, percent } from '../format.js';
import { summary } from '../charts.js';
import { RISKY } from './risk.js';
import { href } from '../router.js';
import { session } from '../auth.js';

function tile(label, value, url, note) {
  return h('a', { class: 'tile', href: url }, h('span', { class: 'tile-value' }, value), h('span', { class: 'tile-label' }, label), note ? h('span', { class: 'muted' }, note) : null);
}

// [the log a link needs, ...what the list item shows].
const links = () => [
  ['signIns', h('a', { href: '/portal/logs/sign-ins' }, 'Sign-in logs'), ' — interactive, non-interactive, service principal and managed identity sign-ins'],
  ['directoryAudits', h('a', { href: '/portal/logs/audit' }, 'Audit logs'), ' — every change in the directory'],
  ['provisioning', h('a', { href: '/portal/logs/provisioning' }, 'Provisioning logs'), ' — what provisioning created, changed and removed'],
  ['customSecurityAttributeAudits', h('a', { href: '/portal/logs/custom-security-attributes' }, 'Custom security attribute audit logs')],
  ['signIns', h('a', { href: '/portal/insights' }, 'Usage & insights'), ' and ', h('a', { href: '/portal/identity-protection' }, 'Identity Protection')],
];

/** `/portal/` */
export async function homePage(main) {
  const tiles = h('div', { class: 'tiles' }, h('p', { class: 'muted' }, 'Loading the last 24 hours…'));
  replace(main, h('h1', {}, 'Overview'), h('p', {}, 'Activity of the last 24 hours. Every number opens the records behind it.'), tiles,
    h('section', { class: 'card' }, h('h2', {}, 'Activity logs'), h('ul', { class: 'link-list' },
      links().filter(([need]) => session().canRead(need)).map(([, ...item]) => h('li', {}, ...item)))));
  const since = new Date(Date.now() - 24 * 3600e3).toISOString();
  const s = session();
  const none = Promise.resolve(null);
  try {
    const [byStatus, audits, risky, provisioning] = await Promise.all([
      s.canRead('signIns') ? summary('signIns', { filter: `createdDateTime ge ${since}`, groupBy: 'status' }) : none,
      s.canRead('directoryAudits') ? summary('directoryAudits', { filter: `activityDateTime ge ${since}` }) : none,
      s.canRead('signIns') ? summary('signIns', { filter: `createdDateTime ge ${since} and ${RISKY}` }) : none,
      s.canRead('provisioning') ? summary('provisioning', { filter: `activityDateTime ge ${since}`, groupBy: 'status' }) : none,
    ]);
    const sum = (rows) => (rows || []).reduce((n, r) => n + r.total, 0);
    const failures = (rows) => (rows || []).filter((r) => r.key === 'failure').reduce((n, r) => n + r.total, 0);
    const shown = [];
    if (byStatus) {
      // Interactive user sign-ins, as the sign-in log's first tab lists them.
      shown.push(tile('User sign-ins', count(sum(byStatus)), href('/portal/logs/sign-ins', { range: '24h' })));
      shown.push(tile('Failed sign-ins', count(failures(byStatus)), href('/portal/logs/sign-ins', { range: '24h', f_status: 'failure' }), percent(failures(byStatus), sum(byStatus))));
    }
    if (risky) shown.push(tile('Risky sign-ins', count(sum(risky)), '/portal/identity-protection'));
    if (audits) shown.push(tile('Directory changes', count(sum(audits)), href('/portal/logs/audit', { range: '24h' })));
    if (provisioning) shown.push(tile('Provisioning failures', count(failures(provisioning)), href('/portal/logs/provisioning', { range: '24h', f_status: 'failure' })));
    replace(tiles, shown.length ? shown : h('p', { class: 'muted' }, 'Your roles read no log in full here; the logs you may open are in the menu.'));
  } catch (error) {
    replace(tiles, h('p', { class: 'muted' }, `Summary unavailable: ${error.message}`));
  }
  return undefined;
}
