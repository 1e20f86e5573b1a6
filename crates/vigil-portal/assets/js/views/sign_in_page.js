// Signing in: in demo mode pick a person of the demo directory and a role; with OIDC go to
// the issuer (authorization code + PKCE); otherwise paste a bearer token.

import { h, replace, field } from '../dom.js';
import { demoSignIn, startOidc, completeOidc, saveSession, claimsOf } from '../auth.js';
import { query, navigate } from '../router.js';

function returnTo() {
  const target = query().get('returnTo') || '/portal/';
  return target.startsWith('/portal') ? target : '/portal/';
}

async function demoForm(main, config) {
  const response = await fetch('/portal/api/demo/people');
  const doc = await response.json();
  const people = doc.value || [];
  const roles = doc.roles || [];
  const error = h('p', { class: 'error', role: 'alert' });
  const personSelect = h('select', { name: 'person' }, people.map((p) => h('option', { value: p.id },
    `${p.displayName} — ${p.jobTitle}${p.roles.length ? ` (${p.roles.join(', ')})` : ''}`)));
  const roleSelect = h('select', { name: 'role' },
    h('option', { value: '' }, 'No admin role (sees only their own sign-ins)'),
    roles.map((r) => h('option', { value: r }, r)));
  function suggestRole() {
    const person = people.find((p) => p.id === personSelect.value);
    const known = person ? person.roles.find((r) => roles.includes(r)) : null;
    roleSelect.value = known || (person && person.roles.length ? 'Reports Reader' : '');
  }
  personSelect.addEventListener('change', suggestRole);
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h('form', { class: 'card sign-in', onSubmit: async (e) => {
    e.preventDefault();
    submit.disabled = true;
    error.textContent = '';
    try {
      await demoSignIn(personSelect.value, roleSelect.value);
      navigate(returnTo(), { replace: true });
    } catch (err) {
      error.textContent = err.message;
      submit.disabled = false;
    }
  } },
  h('p', {}, 'This server runs with demo data. Pick who you are and the role to sign in with; the token the portal receives carries exactly that role, and the API decides what it may read.'),
  field('Person', personSelect),
  field('Role', roleSelect, 'Global Administrator and Security Administrator also manage diagnostic settings.'),
  error, submit);
  suggestRole();
  replace(main, h('h1', {}, `Sign in to ${config.tenantName || 'Vigil'}`), form);
}

function oidcForm(main, config) {
  const error = h('p', { class: 'error', role: 'alert' });
  const button = h('button', { type: 'button', class: 'primary', onClick: async () => {
    button.disabled = true;
    try {
      await startOidc(config.signIn, returnTo());
    } catch (err) {
      error.textContent = err.message;
      button.disabled = false;
    }
  } }, 'Sign in with your organization');
  replace(main, h('h1', {}, `Sign in to ${config.tenantName || 'Vigil'}`),
    h('div', { class: 'card sign-in' }, h('p', {}, `You will be sent to ${config.signIn.issuer} to sign in.`), button, error));
}

function tokenForm(main) {
  const error = h('p', { class: 'error', role: 'alert' });
  const area = h('textarea', { rows: '6', spellcheck: 'false' });
  const form = h('form', { class: 'card sign-in', onSubmit: (e) => {
    e.preventDefault();
    const token = area.value.trim().replace(/^Bearer\s+/i, '');
    if (!claimsOf(token)) {
      error.textContent = 'That is not a JSON Web Token.';
      return;
    }
    saveSession(token, 'token');
    navigate(returnTo(), { replace: true });
  } },
  h('p', {}, 'No interactive sign-in is configured on this server. Paste an access token for the API (for example from `vigil token`).'),
  field('Access token', area), error, h('button', { type: 'submit', class: 'primary' }, 'Sign in'));
  replace(main, h('h1', {}, 'Sign in to Vigil'), form);
}

/** `/portal/sign-in` */
export async function signInPage(main, _params, config) {
  const mode = config.signIn?.mode;
  if (mode === 'demo') return demoForm(main, config);
  if (mode === 'oidc') return oidcForm(main, config);
  return tokenForm(main);
}

/** `/portal/auth/callback` (OIDC redirect). */
export async function callbackPage(main, _params, config) {
  replace(main, h('h1', {}, 'Signing in…'));
  try {
    const next = await completeOidc(config.signIn, query());
    navigate(next, { replace: true });
  } catch (err) {
    replace(main, h('h1', {}, 'Sign-in failed'), h('p', { class: 'error' }, err.message), h('p', {}, h('a', { href: '/portal/sign-in' }, 'Try again')));
  }
}
