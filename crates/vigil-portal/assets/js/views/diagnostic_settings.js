// Diagnostic settings over the admin API: list with destination health and lag, create,
// edit and delete. Secrets come back as "***"; sending "***" keeps the stored value.

import { h, replace, modal, field, toast, uid } from '../dom.js';
import { getJson, sendJson } from '../api.js';
import { count, enumText } from '../format.js';

const BASE = '/admin/v1/diagnosticSettings';
const CATEGORIES = ['AuditLogs', 'SignInLogs', 'NonInteractiveUserSignInLogs', 'ServicePrincipalSignInLogs', 'ManagedIdentitySignInLogs', 'ProvisioningLogs', 'CustomSecurityAttributeAuditLogs'];

// The fields of each destination kind: [property, label, type, hint].
const KINDS = {
  kafka: { label: 'Kafka', fields: [
    ['bootstrapServers', 'Bootstrap servers', 'list', 'host:port, comma-separated'],
    ['topic', 'Topic', 'text', 'Empty: insights-logs-<category> per category'],
    ['tls', 'TLS', 'bool'],
    ['sasl.username', 'SASL username', 'text'],
    ['sasl.password', 'SASL password', 'secret'],
    ['compression', 'Compression', 'choice', ['', 'gzip']],
    ['maxMessageBytes', 'Largest message (bytes)', 'number', 'Default 262144'],
  ] },
  eventHub: { label: 'Event hub', fields: [
    ['connectionString', 'Connection string', 'secret', 'Endpoint=sb://….servicebus.windows.net/;SharedAccessKeyName=…;SharedAccessKey=…'],
    ['hub', 'Event hub name', 'text', 'Empty: one hub per category'],
    ['compression', 'Compression', 'choice', ['', 'gzip']],
  ] },
  azureBlob: { label: 'Azure storage account', fields: [
    ['connectionString', 'Connection string', 'secret'],
    ['accountName', 'Account name', 'text'],
    ['accountKey', 'Account key', 'secret'],
    ['blobEndpoint', 'Blob endpoint', 'text'],
    ['sasUrl', 'SAS URL', 'secret'],
  ] },
  s3: { label: 'S3-compatible bucket', fields: [
    ['endpoint', 'Endpoint', 'text'],
    ['bucket', 'Bucket', 'text'],
    ['region', 'Region', 'text'],
    ['accessKeyId', 'Access key ID', 'text'],
    ['secretAccessKey', 'Secret access key', 'secret'],
  ] },
  localDirectory: { label: 'Local directory', fields: [['path', 'Path', 'text', 'An absolute path on the server']] },
};

function getPath(obj, path) {
  return path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);
}

function setPath(obj, path, value) {
  const keys = path.split('.');
  let o = obj;
  keys.slice(0, -1).forEach((k) => { o[k] = o[k] || {}; o = o[k]; });
  o[keys[keys.length - 1]] = value;
}

function destinationEditor(initial, onRemove) {
  const state = { ...initial };
  const kindSelect = h('select', {}, Object.entries(KINDS).map(([k, d]) => h('option', { value: k, selected: k === (state.kind || 'kafka') }, d.label)));
  const fieldsBox = h('div', { class: 'dest-fields' });
  const inputs = new Map();
  function draw() {
    inputs.clear();
    const kind = kindSelect.value;
    replace(fieldsBox, KINDS[kind].fields.map(([prop, label, type, hint]) => {
      const value = getPath(state, prop);
      let control;
      if (type === 'bool') control = h('input', { type: 'checkbox', checked: Boolean(value) });
      else if (type === 'choice') control = h('select', {}, hint.map((c) => h('option', { value: c, selected: (value || '') === c }, c || 'None')));
      else control = h('input', { type: type === 'secret' ? 'password' : type === 'number' ? 'number' : 'text', value: Array.isArray(value) ? value.join(', ') : value ?? '', autocomplete: 'off', spellcheck: 'false' });
      inputs.set(prop, { control, type });
      return field(label, control, type === 'choice' ? null : hint || (type === 'secret' && value === '***' ? 'Stored; leave *** to keep it.' : null));
    }));
  }
  kindSelect.addEventListener('change', draw);
  draw();
  const el = h('fieldset', { class: 'destination' }, h('legend', {}, 'Destination'), field('Kind', kindSelect), fieldsBox,
    h('button', { type: 'button', class: 'link-button', onClick: () => { el.remove(); onRemove(); } }, 'Remove destination'));
  return {
    el,
    value() {
      const out = { kind: kindSelect.value };
      for (const [prop, { control, type }] of inputs) {
        let v;
        if (type === 'bool') v = control.checked;
        else if (type === 'list') v = control.value.split(',').map((x) => x.trim()).filter(Boolean);
        else if (type === 'number') v = control.value === '' ? undefined : Number(control.value);
        else v = control.value.trim() === '' ? undefined : control.value.trim();
        if (v !== undefined && !(type === 'bool' && v === false) && !(Array.isArray(v) && !v.length)) setPath(out, prop, v);
      }
      return out;
    },
  };
}

function editor(existing, onSaved) {
  const isNew = !existing;
  const name = h('input', { type: 'text', value: existing?.name || '', required: true, disabled: !isNew });
  const enabled = new Set((existing?.properties?.logs || []).filter((l) => l.enabled).map((l) => l.category));
  const boxes = CATEGORIES.map((c) => h('label', { class: 'check' }, h('input', { type: 'checkbox', value: c, checked: isNew ? c === 'SignInLogs' || c === 'AuditLogs' : enabled.has(c) }), ` ${c}`));
  const editors = [];
  const destBox = h('div');
  const addDest = (d) => {
    const ed = destinationEditor(d, () => editors.splice(editors.indexOf(ed), 1));
    editors.push(ed);
    destBox.append(ed.el);
  };
  (existing?.properties?.destinations || [{ kind: 'kafka' }]).forEach(addDest);
  const error = h('p', { class: 'error', role: 'alert' });
  const save = h('button', { type: 'button', class: 'primary', onClick: async () => {
    const body = {
      name: name.value.trim(),
      properties: {
        logs: boxes.map((b) => ({ category: b.querySelector('input').value, enabled: b.querySelector('input').checked })),
        destinations: editors.map((e) => e.value()),
      },
    };
    save.disabled = true;
    try {
      if (isNew) await sendJson('POST', BASE, body);
      else await sendJson('PUT', `${BASE}/${encodeURIComponent(existing.name)}`, body);
      dialog.close();
      toast(`Saved ${body.name}.`);
      onSaved();
    } catch (err) {
      error.textContent = err.message;
      save.disabled = false;
    }
  } }, 'Save');
  const dialog = modal(isNew ? 'Add diagnostic setting' : `Edit ${existing.name}`, h('div', {},
    field('Diagnostic setting name', name),
    h('fieldset', {}, h('legend', {}, 'Logs'), boxes),
    h('h3', {}, 'Destination details'), destBox,
    h('button', { type: 'button', class: 'secondary', onClick: () => addDest({ kind: 'kafka' }) }, '+ Add destination'),
    error), { actions: [save], wide: true });
}

async function statusOf(name) {
  try {
    return await getJson(`${BASE}/${encodeURIComponent(name)}/status`);
  } catch {
    return null;
  }
}

function healthCell(status, index) {
  const d = status?.destinations?.[index];
  if (!d) return h('span', { class: 'muted' }, 'unknown');
  const last = d.logs.map((l) => l.lastError).filter(Boolean).sort((a, b) => String(b.time).localeCompare(String(a.time)))[0];
  return h('div', {},
    h('span', { class: d.healthy ? 'badge ok' : 'badge bad' }, d.healthy ? 'Healthy' : 'Failing'),
    ` lag ${count(d.lagRecords)} records, ${d.lagSeconds.toFixed(0)} s`,
    last ? h('div', { class: 'muted small' }, last.message) : null);
}

/** `/portal/diagnostic-settings` */
export async function diagnosticSettingsPage(main) {
  const list = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const load = async () => {
    let settings;
    try {
      settings = (await getJson(BASE)).value || [];
    } catch (error) {
      replace(list, h('p', { class: 'error' }, error.message));
      return;
    }
    const statuses = await Promise.all(settings.map((s) => statusOf(s.name)));
    if (!settings.length) {
      replace(list, h('p', {}, 'No diagnostic settings yet. Add one to stream logs to Kafka or an event hub, or archive them to storage.'));
      return;
    }
    replace(list, h('div', { class: 'table-scroll' }, h('table', { class: 'grid' },
      h('caption', { class: 'sr-only' }, 'Diagnostic settings'),
      h('thead', {}, h('tr', {}, ['Name', 'Logs', 'Destination', 'Health and lag', 'Actions'].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, settings.flatMap((s, i) => {
        const dests = s.properties.destinations;
        const logs = s.properties.logs.filter((l) => l.enabled).map((l) => l.category).join(', ') || 'none';
        return dests.map((d, j) => h('tr', { dataset: { setting: s.name } },
          j === 0 ? h('th', { scope: 'row', rowspan: String(dests.length) }, s.name) : null,
          j === 0 ? h('td', { rowspan: String(dests.length) }, logs) : null,
          h('td', {}, `${KINDS[d.kind]?.label || enumText(d.kind)}: ${d.topic || d.hub || d.bucket || d.path || (d.bootstrapServers || []).join(', ') || d.accountName || ''}`),
          h('td', {}, healthCell(statuses[i], j)),
          j === 0 ? h('td', { rowspan: String(dests.length) },
            h('button', { type: 'button', class: 'secondary small', onClick: () => editor(s, load) }, 'Edit'), ' ',
            h('button', { type: 'button', class: 'danger small', onClick: () => {
              const confirmId = uid('confirm');
              const yes = h('button', { type: 'button', class: 'danger', onClick: async () => {
                try {
                  await sendJson('DELETE', `${BASE}/${encodeURIComponent(s.name)}`);
                  toast(`Deleted ${s.name}.`);
                  dialog.close();
                  load();
                } catch (err) {
                  toast(err.message);
                }
              } }, 'Delete');
              const dialog = modal('Delete diagnostic setting', h('p', { id: confirmId }, `Delete ${s.name}? Its destinations stop receiving logs.`), { actions: [yes] });
            } }, 'Delete')) : null));
      })))));
  };
  replace(main, h('h1', {}, 'Diagnostic settings'),
    h('p', {}, 'Send this tenant\'s logs to Kafka or an event hub, or archive them to storage, in the format Azure Monitor uses. At most five settings.'),
    h('div', { class: 'toolbar' },
      h('button', { type: 'button', class: 'primary', onClick: () => editor(null, load) }, '+ Add diagnostic setting'),
      h('button', { type: 'button', class: 'secondary', onClick: load }, 'Refresh')),
    list);
  load();
  const timer = setInterval(load, 15000);
  return () => clearInterval(timer);
}
