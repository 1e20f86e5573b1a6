// The details of one record in a dialog with tabs, per log as the admin center lays them
// out, and the links that lead on: the user, the application, every record sharing the
// correlation or request ID.

import { h, definitionList, modal, tabs } from './dom.js';
import { formatDate, text, enumText, valueAt } from './format.js';
import { href } from './router.js';
import { signInStatus, initiator } from './logs.js';

const v = (record, path) => valueAt(record, path);

function smallTable(caption, headers, rows) {
  if (!rows.length) return h('p', { class: 'muted' }, `No ${caption.toLowerCase()}.`);
  return h('div', { class: 'table-scroll' }, h('table', { class: 'grid compact' },
    h('caption', { class: 'sr-only' }, caption),
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c)))))));
}

function link(label, url) {
  return h('a', { href: url }, label);
}

function correlationLink(record) {
  const correlationId = record.correlationId;
  if (!correlationId && !record.id) return null;
  return link('Show every record with this correlation or request ID', href('/portal/correlation', { correlationId, requestId: record.id }));
}

function signInTabs(record) {
  const userId = record.userId;
  const appId = record.appId;
  const basic = () => h('div', {},
    definitionList([
      ['Date', formatDate(record.createdDateTime)],
      ['Request ID', record.id],
      ['Correlation ID', record.correlationId],
      ['Authentication requirement', enumText(record.authenticationRequirement)],
      ['Status', signInStatus(record)],
      ['Sign-in error code', text(v(record, 'status/errorCode'))],
      ['Failure reason', v(record, 'status/failureReason')],
      ['Additional details', v(record, 'status/additionalDetails')],
      ['User', userId ? link(record.userDisplayName || userId, href(`/portal/users/${encodeURIComponent(userId)}`)) : record.userDisplayName],
      ['Username', record.userPrincipalName],
      ['User ID', userId],
      ['User type', enumText(record.userType)],
      ['Application', appId ? link(record.appDisplayName || appId, href(`/portal/apps/${encodeURIComponent(appId)}`)) : record.appDisplayName],
      ['Application ID', appId],
      ['Resource', record.resourceDisplayName],
      ['Resource ID', record.resourceId],
      ['Client app', record.clientAppUsed],
      ['Client credential type', enumText(record.clientCredentialType)],
      ['Service principal', record.servicePrincipalName],
      ['Token issuer type', enumText(record.tokenIssuerType)],
      ['Incoming token type', enumText(record.incomingTokenType)],
      ['Cross-tenant access type', enumText(record.crossTenantAccessType)],
      ['User agent', record.userAgent],
      ['Risk state', enumText(record.riskState)],
      ['Risk level during sign-in', enumText(record.riskLevelDuringSignIn)],
      ['Risk level aggregated', enumText(record.riskLevelAggregated)],
      ['Risk detail', enumText(record.riskDetail)],
    ]),
    h('p', {}, correlationLink(record)));
  const location = () => h('div', {},
    definitionList([
      ['IP address', record.ipAddress],
      ['City', v(record, 'location/city')],
      ['State/province', v(record, 'location/state')],
      ['Country/region', v(record, 'location/countryOrRegion')],
      ['Latitude', text(v(record, 'location/geoCoordinates/latitude'))],
      ['Longitude', text(v(record, 'location/geoCoordinates/longitude'))],
      ['Autonomous system number', text(record.autonomousSystemNumber)],
      ['IP address seen by the resource', record.ipAddressFromResourceProvider],
    ]),
    h('h3', {}, 'Network locations'),
    smallTable('Network locations', ['Network type', 'Names'],
      (record.networkLocationDetails || []).map((n) => [enumText(n.networkType), (n.networkNames || []).join(', ')])));
  const device = () => definitionList([
    ['Device ID', v(record, 'deviceDetail/deviceId')],
    ['Device name', v(record, 'deviceDetail/displayName')],
    ['Operating system', v(record, 'deviceDetail/operatingSystem')],
    ['Browser', v(record, 'deviceDetail/browser')],
    ['Compliant', text(v(record, 'deviceDetail/isCompliant'))],
    ['Managed', text(v(record, 'deviceDetail/isManaged'))],
    ['Join type', v(record, 'deviceDetail/trustType')],
  ]);
  const auth = () => smallTable('Authentication details',
    ['Date', 'Authentication method', 'Method detail', 'Succeeded', 'Result detail', 'Requirement'],
    (record.authenticationDetails || []).map((d) => [
      formatDate(d.authenticationStepDateTime), d.authenticationMethod || '', d.authenticationMethodDetail || '',
      text(d.succeeded), d.authenticationStepResultDetail || '', d.authenticationStepRequirement || '',
    ]));
  const ca = () => smallTable('Conditional Access policies',
    ['Policy', 'Result', 'Grant controls', 'Session controls'],
    (record.appliedConditionalAccessPolicies || []).map((p) => [
      p.displayName || p.id || '', enumText(p.result),
      (p.enforcedGrantControls || []).join(', '), (p.enforcedSessionControls || []).join(', '),
    ]));
  return [
    { id: 'basic', label: 'Basic info', render: basic },
    { id: 'location', label: 'Location', render: location },
    { id: 'device', label: 'Device info', render: device },
    { id: 'auth', label: 'Authentication details', render: auth },
    { id: 'ca', label: 'Conditional Access', render: ca },
  ];
}

function targetsTable(record) {
  return smallTable('Targets', ['Type', 'Display name', 'User principal name', 'ID'],
    (record.targetResources || []).map((t) => [t.type || '', t.displayName || '', t.userPrincipalName || '', t.id || '']));
}

function modifiedTable(record) {
  const rows = [];
  for (const t of record.targetResources || []) {
    for (const p of t.modifiedProperties || []) rows.push([t.displayName || t.id || '', p.displayName || '', text(p.oldValue), text(p.newValue)]);
  }
  return smallTable('Modified properties', ['Target', 'Property', 'Old value', 'New value'], rows);
}

function auditTabs(record) {
  const activity = () => h('div', {}, definitionList([
    ['Date', formatDate(record.activityDateTime)],
    ['Activity type', record.activityDisplayName],
    ['Correlation ID', record.correlationId],
    ['Category', record.category],
    ['Status', enumText(record.result)],
    ['Status reason', record.resultReason],
    ['Service', record.loggedByService],
    ['Operation type', record.operationType],
    ['Initiated by (actor)', initiator(record)],
    ['Actor ID', v(record, 'initiatedBy/user/id') || v(record, 'initiatedBy/app/servicePrincipalId')],
    ['Actor IP address', v(record, 'initiatedBy/user/ipAddress')],
  ]), h('p', {}, correlationLink(record)));
  const details = () => smallTable('Additional details', ['Key', 'Value'],
    (record.additionalDetails || []).map((d) => [d.key || '', d.value || '']));
  return [
    { id: 'activity', label: 'Activity', render: activity },
    { id: 'targets', label: 'Target(s)', render: () => targetsTable(record) },
    { id: 'modified', label: 'Modified properties', render: () => modifiedTable(record) },
    { id: 'additional', label: 'Additional details', render: details },
  ];
}

function provisioningTabs(record) {
  const steps = () => smallTable('Steps', ['Step', 'Type', 'Status', 'Description'],
    (record.provisioningSteps || []).map((s) => [s.name || '', enumText(s.provisioningStepType), enumText(s.status), s.description || '']));
  const summary = () => definitionList([
    ['Date', formatDate(record.activityDateTime)],
    ['Action', enumText(record.provisioningAction)],
    ['Status', enumText(v(record, 'provisioningStatusInfo/status'))],
    ['Source system', v(record, 'sourceSystem/displayName')],
    ['Target system', v(record, 'targetSystem/displayName')],
    ['Source identity', `${v(record, 'sourceIdentity/displayName') || ''} (${v(record, 'sourceIdentity/id') || ''})`],
    ['Target identity', `${v(record, 'targetIdentity/displayName') || ''} (${v(record, 'targetIdentity/id') || ''})`],
    ['Job ID', record.jobId],
    ['Cycle ID', record.cycleId],
    ['Change ID', record.changeId],
    ['Initiated by', v(record, 'initiatedBy/displayName')],
    ['Duration (ms)', text(record.durationInMilliseconds)],
  ]);
  const trouble = () => definitionList([
    ['Error code', v(record, 'provisioningStatusInfo/errorInformation/errorCode')],
    ['Reason', v(record, 'provisioningStatusInfo/errorInformation/reason')],
    ['Recommended action', v(record, 'provisioningStatusInfo/errorInformation/recommendedAction')],
    ['Additional details', v(record, 'provisioningStatusInfo/errorInformation/additionalDetails')],
  ]);
  const modified = () => smallTable('Modified properties', ['Property', 'Old value', 'New value'],
    (record.modifiedProperties || []).map((p) => [p.displayName || '', text(p.oldValue), text(p.newValue)]));
  return [
    { id: 'steps', label: 'Steps', render: steps },
    { id: 'summary', label: 'Summary', render: summary },
    { id: 'troubleshooting', label: 'Troubleshooting', render: trouble },
    { id: 'modified', label: 'Modified properties', render: modified },
  ];
}

const TABS = {
  signIns: signInTabs,
  directoryAudits: auditTabs,
  customSecurityAttributeAudits: auditTabs,
  provisioning: provisioningTabs,
};

/** Opens the details of `record` of `log` (a LOGS entry), on `tab` if given. */
export function openDetails(log, record, { tab, onTab, onClose } = {}) {
  const items = TABS[log.collection](record);
  const title = log.collection === 'signIns' ? 'Activity details: sign-ins' : `Activity details: ${log.title.toLowerCase()}`;
  return modal(title, tabs(items, tab || items[0].id, onTab, 'Details'), { wide: true, onClose });
}
