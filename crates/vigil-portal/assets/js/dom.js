// Building DOM nodes without innerHTML: every value from a log record reaches the page as
// text, so a hostile user agent or display name can never inject markup.

/** Creates an element. `attrs` keys: `class`, `on<Event>` handlers, `dataset`, `style`
 * (object), boolean attributes (true/false), anything else as an attribute. Children may be
 * nodes, strings, numbers, arrays, or null/undefined/false (skipped). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'style') Object.assign(el.style, value);
    else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'value' && 'value' in el) el.value = value;
    else if (key === 'checked' || key === 'selected' || key === 'disabled') el[key] = Boolean(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/** Removes every child of `el`, then appends `children`. */
export function replace(el, ...children) {
  while (el.firstChild) el.removeChild(el.firstChild);
  append(el, children);
  return el;
}

/** A short message for screen readers and sighted users alike. */
export function toast(message) {
  const el = document.getElementById('toast');
  if (!el) return;
  el.textContent = message;
  el.classList.add('visible');
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => el.classList.remove('visible'), 4000);
}

let idCounter = 0;
/** A document-unique id with `prefix`. */
export function uid(prefix = 'id') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** A labelled form field: `<label>` + control, wired with `for`/`id`. */
export function field(label, control, hint) {
  if (!control.id) control.id = uid('f');
  const hintEl = hint ? h('span', { class: 'hint', id: `${control.id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hintEl);
}

/** A key/value list (`<dl>`) from [label, value] pairs; empty values show as a dash. */
export function definitionList(pairs) {
  return h('dl', { class: 'kv' }, pairs.map(([k, v]) => [
    h('dt', {}, k),
    h('dd', {}, v === undefined || v === null || v === '' ? '—' : v),
  ]));
}

/** Keyboard for a `role=tablist`: Left/Right (wrapping), Home and End move to a tab and
 * activate it (as a click would). */
export function arrowKeys(list) {
  list.addEventListener('keydown', (e) => {
    const buttons = [...list.querySelectorAll('[role=tab]')];
    const i = buttons.indexOf(e.target);
    if (i < 0) return;
    const next = {
      ArrowRight: (i + 1) % buttons.length,
      ArrowLeft: (i - 1 + buttons.length) % buttons.length,
      Home: 0,
      End: buttons.length - 1,
    }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    buttons[next].focus();
    buttons[next].click();
  });
}

/** Tabs with the WAI-ARIA pattern: arrow keys move between tabs, panels are labelled.
 * `tabs` = [{id, label, render: () => Node}]; `onChange(id)` after a switch. */
export function tabs(items, selected, onChange, label = 'Sections') {
  const list = h('div', { role: 'tablist', 'aria-label': label, class: 'tabs' });
  const panel = h('div', { role: 'tabpanel', class: 'tab-panel', tabindex: '0' });
  const buttons = items.map((item) => h('button', {
    type: 'button', role: 'tab', id: uid('tab'), dataset: { tab: item.id },
    onClick: () => select(item.id, true),
  }, item.label));
  list.append(...buttons);
  function select(id, fromUser) {
    const index = Math.max(0, items.findIndex((t) => t.id === id));
    buttons.forEach((b, i) => {
      b.setAttribute('aria-selected', String(i === index));
      b.tabIndex = i === index ? 0 : -1;
    });
    panel.setAttribute('aria-labelledby', buttons[index].id);
    replace(panel, items[index].render());
    if (fromUser && onChange) onChange(items[index].id);
  }
  arrowKeys(list);
  select(selected, false);
  return h('div', { class: 'tabs-wrap' }, list, panel);
}

/** A modal dialog (native `<dialog>`: focus is kept inside, Escape closes). */
export function modal(title, body, { actions = [], wide = false, onClose } = {}) {
  const titleId = uid('dlg');
  const close = h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Close', onClick: () => dialog.close() }, '×');
  const dialog = h('dialog', { class: wide ? 'modal wide' : 'modal', 'aria-labelledby': titleId },
    h('div', { class: 'modal-head' }, h('h2', { id: titleId }, title), close),
    h('div', { class: 'modal-body' }, body),
    actions.length ? h('div', { class: 'modal-actions' }, actions) : null);
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (onClose) onClose();
  });
  document.body.appendChild(dialog);
  dialog.showModal();
  return dialog;
}
