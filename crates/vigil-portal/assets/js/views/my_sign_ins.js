// My sign-ins: anyone signed in sees their own sign-ins (the API scopes the list to them
// when they hold no admin role) and can report one with "This wasn't me".

import { h, replace, modal, definitionList, toast } from '../dom.js';
import { listUrl, odataString, sendJson, getJson } from '../api.js';
import { session } from '../auth.js';
import { formatDate, valueAt } from '../format.js';
import { pagedTable } from '../table.js';
import { signInStatus, ALL_SIGN_IN_TYPES } from '../logs.js';

function place(r) {
  return [valueAt(r, 'location/city'), valueAt(r, 'location/state'), valueAt(r, 'location/countryOrRegion')].filter(Boolean).join(', ');
}

function device(r) {
  return [valueAt(r, 'deviceDetail/browser'), valueAt(r, 'deviceDetail/operatingSystem')].filter(Boolean).join(' on ');
}

/** `/portal/my-sign-ins` */
export async function mySignInsPage(main) {
  const me = session();
  const reported = new Set();
  try {
    const doc = await getJson('/me/v1/signIns/reports');
    for (const r of doc.value || []) reported.add(r.signInId);
  } catch {
    // Without the list every sign-in simply shows the action.
  }

  async function report(record, button) {
    const confirmButton = h('button', { type: 'button', class: 'danger', onClick: async () => {
      confirmButton.disabled = true;
      try {
        await sendJson('POST', `/me/v1/signIns/${encodeURIComponent(record.id)}/reportNotMe`, {});
        reported.add(record.id);
        button.replaceWith(h('span', { class: 'badge warn' }, 'Reported'));
        toast('Thank you. The sign-in was reported to your administrators.');
        dialog.close();
      } catch (error) {
        toast(`The report failed: ${error.message}`);
        confirmButton.disabled = false;
      }
    } }, 'Report: this wasn\'t me');
    const dialog = modal('Was this you?', h('div', {},
      h('p', {}, 'If you did not sign in at this time, report it. Your administrators are told at once and can follow up; change your password too.'),
      definitionList([['Date', formatDate(record.createdDateTime)], ['Application', record.appDisplayName], ['Location', place(record)], ['IP address', record.ipAddress], ['Device', device(record)]])),
    { actions: [confirmButton] });
  }

  const actionColumn = {
    path: 'id', label: 'Was this you?',
    render: (r) => {
      if (reported.has(r.id)) return h('span', { class: 'badge warn' }, 'Reported');
      const button = h('button', { type: 'button', class: 'secondary small', 'aria-label': `This wasn't me: sign-in to ${r.appDisplayName || 'an application'} at ${formatDate(r.createdDateTime)}` }, 'This wasn\'t me');
      button.addEventListener('click', (e) => { e.stopPropagation(); report(r, button); });
      button.addEventListener('keydown', (e) => e.stopPropagation());
      return button;
    },
  };
  const table = pagedTable({
    caption: 'My sign-ins',
    columns: [
      { path: 'createdDateTime', label: 'Date' },
      { path: 'appDisplayName', label: 'Application' },
      { path: 'location', label: 'Location', render: place },
      { path: 'ipAddress', label: 'IP address' },
      { path: 'deviceDetail', label: 'Device', render: device },
      { path: 'status/errorCode', label: 'Status', render: signInStatus },
      actionColumn,
    ],
    emptyText: 'No sign-ins in the last 30 days.',
    onOpen: (r) => modal('Sign-in', definitionList([
      ['Date', formatDate(r.createdDateTime)], ['Application', r.appDisplayName], ['Status', signInStatus(r)],
      ['Failure reason', valueAt(r, 'status/failureReason')], ['Location', place(r)], ['IP address', r.ipAddress],
      ['Device', device(r)], ['Client app', r.clientAppUsed], ['Request ID', r.id],
    ])),
  });
  const since = new Date(Date.now() - 30 * 86400e3).toISOString();
  replace(main, h('h1', {}, 'My sign-ins'),
    h('p', {}, `Sign-ins of ${me?.name || 'your account'} in the last 30 days. Report any you do not recognise.`),
    table.el);
  const clauses = [`createdDateTime ge ${since}`, ALL_SIGN_IN_TYPES];
  if (me?.oid) clauses.unshift(`userId eq ${odataString(me.oid)}`);
  table.load(listUrl('signIns', { filter: clauses.join(' and '), top: 50 }));
  return () => table.destroy();
}
