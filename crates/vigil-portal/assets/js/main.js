// Start-up: read the portal configuration, restore the session, draw the navigation and
// route every /portal/… URL to its view.

import { h, replace, toast } from './dom.js';
import { session, signOut, setRoleTable } from './auth.js';
import { route, match, setRenderer, interceptLinks, navigate } from './router.js';
import { setOutcomeMeta } from './logs.js';
import { getJson } from './api.js';
import { logPage } from './views/log_view.js';
import { signInPage, callbackPage } from './views/sign_in_page.js';
import { homePage } from './views/home.js';
import { usersPage, userPage } from './views/users.js';
import { appsPage, appPage } from './views/apps.js';
import { mySignInsPage } from './views/my_sign_ins.js';
import { correlationPage } from './views/correlation.js';
import { insightsPage } from './views/insights.js';
import { riskPage } from './views/risk.js';
import { diagnosticSettingsPage } from './views/diagnostic_settings.js';

let config = { signIn: { mode: 'token' } };
let cleanup = null;
let metaLoaded = false;

// [label, path, what it needs: a log the roles read in full, or 'settings'].
const ADMIN_NAV = [
  ['Overview', '/portal/'],
  ['Sign-in logs', '/portal/logs/sign-ins', 'signIns'],
  ['Audit logs', '/portal/logs/audit', 'directoryAudits'],
  ['Provisioning logs', '/portal/logs/provisioning', 'provisioning'],
  ['Custom security attribute audit logs', '/portal/logs/custom-security-attributes', 'customSecurityAttributeAudits'],
  ['Users', '/portal/users', 'signIns'],
  ['Enterprise applications', '/portal/apps', 'signIns'],
  ['Usage & insights', '/portal/insights', 'signIns'],
  ['Identity Protection', '/portal/identity-protection', 'signIns'],
  ['Diagnostic settings', '/portal/diagnostic-settings', 'settings'],
  ['My sign-ins', '/portal/my-sign-ins'],
];

function offered(s, need) {
  if (!need) return true;
  if (need === 'settings') return s.canManageSettings;
  return s.canRead(need);
}

function drawChrome() {
  const s = session();
  const nav = document.getElementById('nav');
  const account = document.getElementById('account');
  document.getElementById('tenant-name').textContent = config.tenantName || '';
  if (!s) {
    nav.hidden = true;
    replace(account);
    return;
  }
  const items = s.isLogReader
    ? ADMIN_NAV.filter(([, , need]) => offered(s, need))
    : [['My sign-ins', '/portal/my-sign-ins']];
  const path = location.pathname.replace(/\/$/, '') || '/portal';
  replace(nav, h('ul', {}, items.map(([label, url]) => {
    const target = url.replace(/\/$/, '') || '/portal';
    const current = target === '/portal' ? path === '/portal' || path === '' : path.startsWith(target);
    return h('li', {}, h('a', { href: url, 'aria-current': current ? 'page' : null }, label));
  })));
  nav.hidden = false;
  const roles = s.roles.length ? s.roles.join(', ') : 'No admin role';
  replace(account,
    h('span', { class: 'who', title: s.upn }, h('strong', {}, s.name), h('span', { class: 'muted' }, ` · ${roles}`)),
    h('button', { type: 'button', class: 'link-button', onClick: () => {
      signOut();
      navigate('/portal/sign-in');
    } }, 'Sign out'));
}

function notFound(main) {
  replace(main, h('h1', {}, 'Page not found'), h('p', {}, h('a', { href: '/portal/' }, 'Back to the overview')));
}

async function render() {
  if (cleanup) {
    try { cleanup(); } catch { /* a view's cleanup must not block the next one */ }
    cleanup = null;
  }
  for (const dialog of document.querySelectorAll('dialog[open]')) dialog.close();
  document.getElementById('toast')?.classList.remove('visible');
  const main = document.getElementById('main');
  let path = location.pathname;
  if (path === '/' || path === '/portal') path = '/portal/';
  const open = ['/portal/sign-in', '/portal/auth/callback'];
  if (!session() && !open.includes(path.replace(/\/$/, ''))) {
    const back = path + location.search;
    navigate(`/portal/sign-in?returnTo=${encodeURIComponent(back)}`, { replace: true });
    return;
  }
  const s = session();
  if (s && !s.isLogReader && path === '/portal/') {
    navigate('/portal/my-sign-ins', { replace: true });
    return;
  }
  drawChrome();
  if (s && !metaLoaded) {
    metaLoaded = true;
    await getJson('/insights/v1/meta').then(setOutcomeMeta).catch(() => { metaLoaded = false; });
  }
  const found = match(path);
  if (!found) {
    notFound(main);
    return;
  }
  try {
    const result = await found.view(main, found.params, config);
    if (result === false) notFound(main);
    else if (typeof result === 'function') cleanup = result;
  } catch (error) {
    replace(main, h('h1', {}, 'Something went wrong'), h('p', { class: 'error' }, error.message));
  }
  document.title = `${main.querySelector('h1')?.textContent || 'Vigil'} · Vigil`;
}

route('/portal/', homePage);
route('/portal/sign-in', signInPage);
route('/portal/auth/callback', callbackPage);
route('/portal/logs/:slug', logPage);
route('/portal/users', usersPage);
route('/portal/users/:id', userPage);
route('/portal/apps', appsPage);
route('/portal/apps/:id', appPage);
route('/portal/my-sign-ins', mySignInsPage);
route('/portal/correlation', correlationPage);
route('/portal/insights', insightsPage);
route('/portal/identity-protection', riskPage);
route('/portal/diagnostic-settings', diagnosticSettingsPage);

async function start() {
  try {
    const response = await fetch('/portal/api/config');
    if (response.ok) config = await response.json();
  } catch {
    toast('The portal configuration could not be read; using defaults.');
  }
  setRoleTable(config.roles);
  setRenderer(render);
  interceptLinks();
  window.addEventListener('vigil:signed-out', (e) => {
    toast(`Signed out: ${e.detail}`);
    navigate(`/portal/sign-in?returnTo=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
  });
  const toggle = document.getElementById('nav-toggle');
  toggle.addEventListener('click', () => {
    const nav = document.getElementById('nav');
    const open = !nav.classList.contains('open');
    nav.classList.toggle('open', open);
    toggle.setAttribute('aria-expanded', String(open));
  });
  document.getElementById('nav').addEventListener('click', (e) => {
    if (e.target.closest('a')) {
      document.getElementById('nav').classList.remove('open');
      toggle.setAttribute('aria-expanded', 'false');
    }
  });
  render();
}

start();
