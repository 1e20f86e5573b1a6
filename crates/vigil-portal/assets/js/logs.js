// What the portal knows about each log: its API collection, time property, tabs, default
// columns, the filters "Add filters" offers and how each becomes an OData clause.

import { odataString } from './api.js';
import { valueAt, enumText } from './format.js';

// Sign-in error codes Entra reports as "interrupted" (the user had to act: MFA, consent,
// a password change…). Replaced at start-up by the server's list when it publishes one.
export const INTERRUPTED_CODES = [50058, 50072, 50074, 50076, 50079, 50097, 50125, 50129, 50140, 50143, 50158, 65001, 81010, 81012, 81014];

// The server's own `$filter` per log and outcome (success, failure, interrupted), from
// `/insights/v1/meta`, so the Status filter selects exactly what the charts count.
const STATUS_FILTERS = {};

/** Installs what `/insights/v1/meta` says about outcomes. */
export function setOutcomeMeta(meta) {
  const codes = meta?.interruptedSignInErrorCodes;
  if (Array.isArray(codes) && codes.length) INTERRUPTED_CODES.splice(0, INTERRUPTED_CODES.length, ...codes.map(Number));
  Object.assign(STATUS_FILTERS, meta?.statusFilters || {});
}

/** success | failure | interrupted for a sign-in. */
export function signInStatus(record) {
  const code = Number(valueAt(record, 'status/errorCode') ?? 0);
  if (code === 0) return 'Success';
  return INTERRUPTED_CODES.includes(code) ? 'Interrupted' : 'Failure';
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const s = odataString;
const startsWith = (path, v) => `startswith(${path},${s(v)})`;
const either = (...clauses) => `(${clauses.join(' or ')})`;

function statusClause(value) {
  const known = STATUS_FILTERS.signIns?.[value];
  if (known) return `(${known})`;
  const codes = INTERRUPTED_CODES.join(',');
  if (value === 'success') return 'status/errorCode eq 0';
  if (value === 'interrupted') return `status/errorCode in (${codes})`;
  return `(status/errorCode ne 0 and not (status/errorCode in (${codes})))`;
}

// The client-app values Entra's filter lists (modern clients and the legacy protocols).
export const CLIENT_APPS = [
  'Browser', 'Mobile Apps and Desktop clients', 'Exchange ActiveSync', 'Authenticated SMTP',
  'AutoDiscover', 'Exchange Online PowerShell', 'Exchange Web Services', 'IMAP4', 'MAPI Over HTTP',
  'Offline Address Book', 'Other clients', 'Outlook Anywhere (RPC over HTTP)', 'POP3',
  'Reporting Web Services', 'Universal Outlook',
];

const SIGN_IN_FILTERS = [
  { id: 'requestId', label: 'Request ID', type: 'text', build: (v) => `id eq ${s(v)}` },
  {
    id: 'user', label: 'User', type: 'text', hint: 'Name, user principal name or object ID',
    build: (v) => (GUID.test(v) ? `userId eq ${s(v)}` : either(startsWith('userDisplayName', v), startsWith('userPrincipalName', v))),
  },
  {
    id: 'app', label: 'Application', type: 'text', hint: 'Name or application ID',
    build: (v) => (GUID.test(v) ? `appId eq ${s(v)}` : startsWith('appDisplayName', v)),
  },
  {
    id: 'status', label: 'Status', type: 'choice',
    choices: [['success', 'Success'], ['failure', 'Failure'], ['interrupted', 'Interrupted']],
    build: statusClause,
  },
  { id: 'ip', label: 'IP address', type: 'text', build: (v) => startsWith('ipAddress', v) },
  { id: 'city', label: 'Location: city', type: 'text', build: (v) => startsWith('location/city', v) },
  { id: 'state', label: 'Location: state/province', type: 'text', build: (v) => startsWith('location/state', v) },
  { id: 'country', label: 'Location: country/region', type: 'text', hint: 'Two-letter code, e.g. US', build: (v) => `location/countryOrRegion eq ${s(v)}` },
  { id: 'resource', label: 'Resource', type: 'text', build: (v) => startsWith('resourceDisplayName', v) },
  { id: 'resourceId', label: 'Resource ID', type: 'text', build: (v) => `resourceId eq ${s(v)}` },
  {
    id: 'clientApp', label: 'Client app', type: 'choice',
    choices: CLIENT_APPS.map((c) => [c, c]),
    build: (v) => `clientAppUsed eq ${s(v)}`,
  },
  { id: 'os', label: 'Operating system', type: 'text', build: (v) => startsWith('deviceDetail/operatingSystem', v) },
  { id: 'browser', label: 'Device browser', type: 'text', build: (v) => startsWith('deviceDetail/browser', v) },
  { id: 'correlationId', label: 'Correlation ID', type: 'text', build: (v) => `correlationId eq ${s(v)}` },
  {
    id: 'ca', label: 'Conditional Access', type: 'choice',
    choices: [['notApplied', 'Not applied'], ['success', 'Success'], ['failure', 'Failure']],
    build: (v) => `conditionalAccessStatus eq ${s(v)}`,
  },
];

const AUDIT_CATEGORIES = [
  'ApplicationManagement', 'Authentication', 'AuthorizationPolicy', 'Agreement', 'CertificateAuthority',
  'CrossTenantAccessSettings', 'DeviceManagement', 'DirectoryManagement', 'EntitlementManagement',
  'GroupManagement', 'IdentityProtection', 'KerberosDomain', 'Label', 'Other', 'PermissionGrantPolicy',
  'Policy', 'ResourceManagement', 'RoleManagement', 'UserManagement', 'Vigil',
];

const auditFilters = (categories) => [
  { id: 'service', label: 'Service', type: 'text', hint: 'e.g. Core Directory, PIM', build: (v) => `loggedByService eq ${s(v)}` },
  categories && { id: 'category', label: 'Category', type: 'choice', choices: categories.map((c) => [c, c]), build: (v) => `category eq ${s(v)}` },
  { id: 'activity', label: 'Activity', type: 'text', build: (v) => startsWith('activityDisplayName', v) },
  {
    id: 'status', label: 'Status', type: 'choice',
    choices: [['success', 'Success'], ['failure', 'Failure'], ['timeout', 'Timeout']],
    build: (v) => `result eq ${s(v)}`,
  },
  {
    id: 'initiatedBy', label: 'Initiated by (actor)', type: 'text', hint: 'User principal name or app name',
    build: (v) => either(startsWith('initiatedBy/user/userPrincipalName', v), startsWith('initiatedBy/app/displayName', v)),
  },
  {
    id: 'target', label: 'Target', type: 'text', hint: 'Name, user principal name or object ID',
    build: (v) => (GUID.test(v)
      ? `targetResources/any(t: t/id eq ${s(v)})`
      : `targetResources/any(t: startswith(t/displayName,${s(v)}) or startswith(t/userPrincipalName,${s(v)}))`),
  },
  { id: 'correlationId', label: 'Correlation ID', type: 'text', build: (v) => `correlationId eq ${s(v)}` },
].filter(Boolean);

const PROVISIONING_FILTERS = [
  { id: 'source', label: 'Source system', type: 'text', build: (v) => startsWith('sourceSystem/displayName', v) },
  { id: 'target', label: 'Target system', type: 'text', build: (v) => startsWith('targetSystem/displayName', v) },
  {
    id: 'action', label: 'Action', type: 'choice',
    choices: [['create', 'Create'], ['update', 'Update'], ['delete', 'Delete'], ['disable', 'Disable'], ['stagedDelete', 'Staged delete'], ['other', 'Other']],
    build: (v) => `provisioningAction eq ${s(v)}`,
  },
  {
    id: 'status', label: 'Status', type: 'choice',
    choices: [['success', 'Success'], ['failure', 'Failure'], ['skipped', 'Skipped'], ['warning', 'Warning']],
    build: (v) => `provisioningStatusInfo/status eq ${s(v)}`,
  },
  {
    id: 'identity', label: 'Identity', type: 'text', hint: 'Source or target name or ID',
    build: (v) => either(
      startsWith('sourceIdentity/displayName', v), startsWith('targetIdentity/displayName', v),
      `sourceIdentity/id eq ${s(v)}`, `targetIdentity/id eq ${s(v)}`,
    ),
  },
  { id: 'jobId', label: 'Job ID', type: 'text', build: (v) => `jobId eq ${s(v)}` },
  { id: 'changeId', label: 'Change ID', type: 'text', build: (v) => `changeId eq ${s(v)}` },
  { id: 'cycleId', label: 'Cycle ID', type: 'text', build: (v) => `cycleId eq ${s(v)}` },
];

const col = (path, label, render, select) => ({ path, label, render, select });
const initiatorCol = col('initiatedBy', 'Initiated by (actor)', (r) => initiator(r), 'initiatedBy/user/userPrincipalName,initiatedBy/app/displayName');
const statusCol = col('status/errorCode', 'Status', (r) => signInStatus(r));
const enumCol = (path, label) => col(path, label, (r) => enumText(valueAt(r, path)));

export const SIGN_IN_TABS = [
  { id: 'interactive', label: 'User sign-ins (interactive)', type: 'interactiveUser' },
  { id: 'noninteractive', label: 'User sign-ins (non-interactive)', type: 'nonInteractiveUser' },
  { id: 'serviceprincipal', label: 'Service principal sign-ins', type: 'servicePrincipal' },
  { id: 'managedidentity', label: 'Managed identity sign-ins', type: 'managedIdentity' },
];

/** The clause selecting a sign-in event type. */
export const eventTypeClause = (type) => `signInEventTypes/any(t: t eq ${s(type)})`;
/** Every sign-in event type (beta otherwise implies interactive only). */
export const ALL_SIGN_IN_TYPES = `signInEventTypes/any(t: ${SIGN_IN_TABS.map((t) => `t eq ${s(t.type)}`).join(' or ')})`;

const SIGN_IN_DEFAULTS = {
  interactive: [col('createdDateTime', 'Date'), col('userDisplayName', 'User'), col('appDisplayName', 'Application'), statusCol, enumCol('riskState', 'Risk state'), enumCol('authenticationRequirement', 'MFA requirement')],
  noninteractive: [col('createdDateTime', 'Date'), col('userDisplayName', 'User'), col('appDisplayName', 'Application'), statusCol, col('resourceDisplayName', 'Resource'), enumCol('authenticationRequirement', 'MFA requirement')],
  serviceprincipal: [col('createdDateTime', 'Date'), col('servicePrincipalName', 'Service principal name'), col('appDisplayName', 'Application'), statusCol, col('ipAddress', 'IP address'), col('resourceDisplayName', 'Resource')],
  managedidentity: [col('createdDateTime', 'Date'), col('servicePrincipalName', 'Managed identity'), col('appDisplayName', 'Application'), statusCol, col('resourceDisplayName', 'Resource'), col('servicePrincipalId', 'Managed identity ID')],
};

export const LOGS = {
  signIns: {
    slug: 'sign-ins', title: 'Sign-in logs', collection: 'signIns', timePath: 'createdDateTime',
    tabs: SIGN_IN_TABS, defaultColumns: (tab) => SIGN_IN_DEFAULTS[tab] || SIGN_IN_DEFAULTS.interactive,
    filters: SIGN_IN_FILTERS, special: { 'status/errorCode': statusCol },
  },
  directoryAudits: {
    slug: 'audit', title: 'Audit logs', collection: 'directoryAudits', timePath: 'activityDateTime',
    defaultColumns: () => [col('activityDateTime', 'Date'), col('loggedByService', 'Service'), col('category', 'Category'), col('activityDisplayName', 'Activity'), enumCol('result', 'Status'), initiatorCol],
    filters: auditFilters(AUDIT_CATEGORIES),
  },
  provisioning: {
    slug: 'provisioning', title: 'Provisioning logs', collection: 'provisioning', timePath: 'activityDateTime',
    defaultColumns: () => [col('activityDateTime', 'Date'), col('sourceIdentity/displayName', 'Identity'), enumCol('provisioningAction', 'Action'), col('sourceSystem/displayName', 'Source system'), col('targetSystem/displayName', 'Target system'), enumCol('provisioningStatusInfo/status', 'Status')],
    filters: PROVISIONING_FILTERS,
  },
  customSecurityAttributeAudits: {
    slug: 'custom-security-attributes', title: 'Custom security attribute audit logs', collection: 'customSecurityAttributeAudits', timePath: 'activityDateTime',
    defaultColumns: () => [col('activityDateTime', 'Date'), col('loggedByService', 'Service'), col('activityDisplayName', 'Activity'), enumCol('result', 'Status'), initiatorCol],
    filters: auditFilters(null),
  },
};

/** The log whose URL slug is `slug`. */
export function logBySlug(slug) {
  return Object.values(LOGS).find((l) => l.slug === slug) || null;
}

/** Who initiated an audit: a user's UPN or an app's name. */
export function initiator(record) {
  const by = record.initiatedBy || {};
  if (by.user) return by.user.userPrincipalName || by.user.displayName || by.user.id || '';
  if (by.app) return by.app.displayName || by.app.servicePrincipalName || by.app.appId || '';
  return '';
}

/** The time-range clause: `range` = 1h | 24h | 7d | 30d | custom (with `from`/`to`). */
export function timeClause(log, range, from, to) {
  const now = Date.now();
  const hours = { '1h': 1, '24h': 24, '7d': 24 * 7, '30d': 24 * 30 }[range];
  const path = log.timePath;
  if (hours) return `${path} ge ${new Date(now - hours * 3600e3).toISOString()}`;
  const parts = [];
  const fromDate = from ? new Date(from) : null;
  const toDate = to ? new Date(to) : null;
  if (fromDate && !Number.isNaN(fromDate.getTime())) parts.push(`${path} ge ${fromDate.toISOString()}`);
  if (toDate && !Number.isNaN(toDate.getTime())) parts.push(`${path} lt ${toDate.toISOString()}`);
  return parts.join(' and ');
}
