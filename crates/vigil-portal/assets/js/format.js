// Formatting of record values for cells and detail panes.

const dateFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});
const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });

/** A Graph timestamp in the viewer's locale and time zone. */
export function formatDate(value) {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : dateFormat.format(d);
}

/** A UTC day label ("Nov 3") for chart axes. */
export function formatDay(value) {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : dayFormat.format(d);
}

/** Reads `a/b/c` from a record. */
export function valueAt(record, path) {
  let value = record;
  for (const part of path.split('/')) {
    if (value === null || value === undefined) return undefined;
    value = value[part];
  }
  return value;
}

/** Any value as display text. */
export function text(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const ACRONYMS = new Map([['ip', 'IP'], ['id', 'ID'], ['ids', 'IDs'], ['mfa', 'MFA'], ['os', 'OS'], ['url', 'URL'], ['upn', 'UPN'], ['ms', 'ms'], ['sso', 'SSO'], ['api', 'API']]);

/** `userPrincipalName` → "User principal name"; `status/errorCode` → "Status › Error code";
 * `ipAddress` → "IP address". */
export function humanize(path) {
  return path.split('/').map((part) => {
    const words = part.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .split(' ').map((w) => ACRONYMS.get(w.toLowerCase()) || w.toLowerCase());
    const text = words.join(' ');
    return text.charAt(0).toUpperCase() + text.slice(1);
  }).join(' › ');
}

const ENUM_WORDS = new Map([
  ['multiFactorAuthentication', 'Multifactor authentication'],
  ['singleFactorAuthentication', 'Single-factor authentication'],
  ['notApplied', 'Not applied'],
  ['atRisk', 'At risk'],
  ['confirmedCompromised', 'Confirmed compromised'],
  ['stagedDelete', 'Staged delete'],
]);

/** Enum members (`atRisk`) as words ("At risk"). */
export function enumText(value) {
  if (value === null || value === undefined || value === '') return '';
  if (ENUM_WORDS.has(value)) return ENUM_WORDS.get(value);
  const words = String(value).replace(/([a-z0-9])([A-Z])/g, '$1 $2');
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

/** A number with thousands separators. */
export function count(n) {
  return Number(n || 0).toLocaleString();
}

/** Percentage with one decimal. */
export function percent(part, whole) {
  if (!whole) return '—';
  return `${((100 * part) / whole).toFixed(1)} %`;
}
