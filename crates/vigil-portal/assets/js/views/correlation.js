// Everything that shares a correlation ID or request ID, across the sign-in, audit and
// provisioning logs, one click from any record's details.

import { h, replace, field } from '../dom.js';
import { LOGS, ALL_SIGN_IN_TYPES } from '../logs.js';
import { query, navigate, href } from '../router.js';
import { pagedTable } from '../table.js';
import { listUrl, odataString } from '../api.js';
import { openDetails } from '../details.js';

function section(title, log, filter) {
  const table = pagedTable({
    columns: log.defaultColumns('interactive'),
    caption: title,
    emptyText: 'Nothing shares these IDs here.',
    onOpen: (r) => openDetails(log, r),
  });
  table.load(listUrl(log.collection, { filter, top: 50 }));
  return { el: h('section', { class: 'card' }, h('h2', {}, title), table.el), table };
}

/** `/portal/correlation?correlationId=…&requestId=…` */
export function correlationPage(main) {
  const q = query();
  const correlationId = (q.get('correlationId') || '').trim();
  const requestId = (q.get('requestId') || '').trim();
  const cInput = h('input', { type: 'search', value: correlationId, spellcheck: 'false' });
  const rInput = h('input', { type: 'search', value: requestId, spellcheck: 'false' });
  const form = h('form', { class: 'controls', onSubmit: (e) => {
    e.preventDefault();
    navigate(href('/portal/correlation', { correlationId: cInput.value.trim(), requestId: rInput.value.trim() }));
  } }, field('Correlation ID', cInput), field('Request ID', rInput), h('button', { type: 'submit', class: 'primary' }, 'Search'));
  const intro = h('p', {}, 'Records of every log that share the correlation ID or request ID, for any time within retention.');
  if (!correlationId && !requestId) {
    replace(main, h('h1', {}, 'Related activity'), intro, form);
    return undefined;
  }
  const c = correlationId ? odataString(correlationId) : null;
  const r = requestId ? odataString(requestId) : null;
  // Only indexed properties: a request ID is the sign-in's id (as the admin center shows it);
  // `originalRequestId` is not indexed, and OR-ing it in would scan every sign-in.
  const signInClauses = [c && `correlationId eq ${c}`, r && `id eq ${r}`].filter(Boolean);
  const auditClauses = [c && `correlationId eq ${c}`, r && `id eq ${r}`].filter(Boolean);
  const provisioningClauses = [c && `changeId eq ${c}`, c && `cycleId eq ${c}`, r && `id eq ${r}`, r && `changeId eq ${r}`].filter(Boolean);
  const sections = [
    section('Sign-ins', LOGS.signIns, `(${signInClauses.join(' or ')}) and ${ALL_SIGN_IN_TYPES}`),
    section('Audit logs', LOGS.directoryAudits, auditClauses.join(' or ')),
    section('Provisioning logs', LOGS.provisioning, provisioningClauses.join(' or ')),
  ];
  replace(main, h('h1', {}, 'Related activity'), intro, form, sections.map((s) => s.el));
  return () => sections.forEach((s) => s.table.destroy());
}
