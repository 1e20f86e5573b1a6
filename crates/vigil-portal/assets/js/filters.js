// The filter bar: the date range (always there), the filters added with "Add filters", and
// the OData `$filter` they make together. State lives in the query string: `range`, `from`,
// `to`, and `f_<filter id>=<value>` per filter.

import { h, replace, uid } from './dom.js';
import { timeClause } from './logs.js';

export const RANGES = [['1h', 'Last 1 hour'], ['24h', 'Last 24 hours'], ['7d', 'Last 7 days'], ['30d', 'Last 30 days'], ['custom', 'Custom time interval']];

/** Filter state from the query string. */
export function readState(query, defaultRange = '24h') {
  const filters = new Map();
  for (const [key, value] of query.entries()) {
    if (key.startsWith('f_') && value !== '') filters.set(key.slice(2), value);
  }
  return {
    range: query.get('range') || defaultRange,
    from: query.get('from') || '',
    to: query.get('to') || '',
    filters,
  };
}

/** The query-string changes that represent `state`. */
export function stateParams(state, known) {
  const params = { range: state.range, from: state.range === 'custom' ? state.from : null, to: state.range === 'custom' ? state.to : null };
  for (const f of known) params[`f_${f.id}`] = state.filters.get(f.id) ?? null;
  return params;
}

/** The `$filter` for `state` on `log`, ANDed with `extra` clauses. */
export function buildFilter(log, state, extra = []) {
  const clauses = [...extra];
  const time = timeClause(log, state.range, state.from, state.to);
  if (time) clauses.push(time);
  for (const def of log.filters) {
    const value = state.filters.get(def.id);
    if (value !== undefined && value !== '') clauses.push(def.build(value.trim()));
  }
  return clauses.filter(Boolean).map((c) => (/ or /.test(c) && !c.startsWith('(') ? `(${c})` : c)).join(' and ');
}

function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** The bar. `onChange(state)` runs after every change (text debounced). */
export function filterBar(log, state, onChange) {
  const el = h('div', { class: 'filter-bar', role: 'group', 'aria-label': 'Filters' });
  const emit = () => onChange(state);
  const emitSoon = debounce(emit, 450);
  let closeOutside = null;
  const onDocumentClick = (e) => {
    if (!el.isConnected) document.removeEventListener('click', onDocumentClick);
    else if (closeOutside) closeOutside(e.target);
  };
  document.addEventListener('click', onDocumentClick);

  function rangeControl() {
    const select = h('select', { id: uid('range'), 'aria-label': 'Date', onChange: (e) => {
      state.range = e.target.value;
      render();
      if (state.range !== 'custom' || (state.from && state.to)) emit();
    } }, RANGES.map(([value, label]) => h('option', { value, selected: value === state.range }, label)));
    const parts = [h('label', { for: select.id, class: 'chip-label' }, 'Date'), select];
    if (state.range === 'custom') {
      const from = h('input', { type: 'datetime-local', 'aria-label': 'From', value: state.from, onChange: (e) => { state.from = e.target.value; emit(); } });
      const to = h('input', { type: 'datetime-local', 'aria-label': 'To', value: state.to, onChange: (e) => { state.to = e.target.value; emit(); } });
      parts.push(from, h('span', {}, 'to'), to);
    }
    return h('div', { class: 'chip fixed' }, parts);
  }

  function filterChip(def) {
    const value = state.filters.get(def.id) ?? '';
    const id = uid('flt');
    let control;
    if (def.type === 'choice') {
      control = h('select', { id, onChange: (e) => { state.filters.set(def.id, e.target.value); emit(); } },
        h('option', { value: '' }, 'Any'),
        def.choices.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
    } else {
      control = h('input', {
        id, type: 'search', value, placeholder: def.hint || '', autocomplete: 'off', spellcheck: 'false',
        onInput: (e) => { state.filters.set(def.id, e.target.value); emitSoon(); },
        onKeydown: (e) => { if (e.key === 'Enter') { e.preventDefault(); state.filters.set(def.id, e.target.value); emit(); } },
      });
    }
    const remove = h('button', {
      type: 'button', class: 'icon-button', 'aria-label': `Remove filter ${def.label}`,
      onClick: () => { state.filters.delete(def.id); render(); emit(); },
    }, '×');
    return h('div', { class: 'chip', dataset: { filter: def.id } }, h('label', { for: id, class: 'chip-label' }, def.label), control, remove);
  }

  function addMenu() {
    const available = log.filters.filter((f) => !state.filters.has(f.id));
    const menuId = uid('menu');
    const button = h('button', { type: 'button', class: 'secondary', 'aria-haspopup': 'true', 'aria-expanded': 'false', 'aria-controls': menuId, disabled: !available.length }, '+ Add filters');
    const menu = h('ul', { id: menuId, class: 'menu', role: 'menu', hidden: true },
      available.map((def) => h('li', { role: 'none' }, h('button', {
        type: 'button', role: 'menuitem', dataset: { filter: def.id },
        onClick: () => {
          state.filters.set(def.id, '');
          close();
          render();
          const input = el.querySelector(`[data-filter="${def.id}"] input, [data-filter="${def.id}"] select`);
          if (input) input.focus();
        },
      }, def.label))));
    function close() {
      menu.hidden = true;
      button.setAttribute('aria-expanded', 'false');
    }
    button.addEventListener('click', () => {
      const open = menu.hidden;
      menu.hidden = !open;
      button.setAttribute('aria-expanded', String(open));
      if (open) menu.querySelector('button')?.focus();
    });
    menu.addEventListener('keydown', (e) => {
      const items = [...menu.querySelectorAll('button')];
      const i = items.indexOf(document.activeElement);
      if (e.key === 'Escape') { close(); button.focus(); }
      else if (e.key === 'ArrowDown') { e.preventDefault(); items[(i + 1) % items.length]?.focus(); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); items[(i - 1 + items.length) % items.length]?.focus(); }
    });
    const wrap = h('div', { class: 'menu-wrap' }, button, menu);
    closeOutside = (target) => { if (!menu.hidden && !wrap.contains(target)) close(); };
    return wrap;
  }

  function resetButton() {
    if (!state.filters.size) return null;
    return h('button', { type: 'button', class: 'link-button', onClick: () => { state.filters.clear(); render(); emit(); } }, 'Reset filters');
  }

  function render() {
    const chips = log.filters.filter((f) => state.filters.has(f.id)).map(filterChip);
    replace(el, rangeControl(), chips, addMenu(), resetButton());
  }

  render();
  return el;
}
