// Users → a user → Sign-ins and Audit activity.

import { odataString, getJson, listUrl } from '../api.js';
import { LOGS, ALL_SIGN_IN_TYPES } from '../logs.js';
import { mountLog } from './log_view.js';
import { entityList, entityPage, activityCells } from './entity.js';
import { definitionList } from '../dom.js';

/** `/portal/users` */
export function usersPage(main) {
  entityList(main, {
    title: 'Users',
    intro: 'Everyone who signed in during the last 30 days. Open a user for their sign-ins and audit activity.',
    placeholder: 'Search by name or user principal name',
    groupBy: 'user',
    searchClause: (t) => `(startswith(userDisplayName,${odataString(t)}) or startswith(userPrincipalName,${odataString(t)}))`,
    basePath: '/portal/users',
    headers: ['Name', 'User principal name', 'Sign-ins', 'Success rate', 'Last sign-in'],
    cells: (r) => [r.label || r.key, r.detail || '', ...activityCells(r)],
  });
}

/** `/portal/users/:id` */
export async function userPage(main, params) {
  const id = params.id;
  const s = odataString(id);
  let latest = null;
  try {
    const page = await getJson(listUrl('signIns', { filter: `userId eq ${s} and ${ALL_SIGN_IN_TYPES}`, top: 1 }));
    latest = (page.value || [])[0] || null;
  } catch {
    latest = null;
  }
  const subtitle = definitionList([
    ['User principal name', latest?.userPrincipalName],
    ['Object ID', id],
    ['User type', latest?.userType],
    ['Last sign-in', latest ? new Date(latest.createdDateTime).toLocaleString() : null],
  ]);
  return entityPage(main, latest?.userDisplayName || 'User', subtitle, [
    {
      id: 'sign-ins', label: 'Sign-ins',
      mount: (panel) => mountLog(panel, LOGS.signIns, { extraClauses: [`userId eq ${s}`], tab: 'interactive', defaultRange: '30d' }),
    },
    {
      id: 'non-interactive', label: 'Non-interactive sign-ins',
      mount: (panel) => mountLog(panel, LOGS.signIns, { extraClauses: [`userId eq ${s}`], tab: 'noninteractive', defaultRange: '30d' }),
    },
    {
      id: 'audit', label: 'Audit activity',
      mount: (panel) => mountLog(panel, LOGS.directoryAudits, {
        extraClauses: [`(initiatedBy/user/id eq ${s} or targetResources/any(t: t/id eq ${s}))`], defaultRange: '30d',
      }),
    },
  ]);
}

