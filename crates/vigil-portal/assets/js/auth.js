// The signed-in session: a bearer token for the API, kept in sessionStorage (per tab, gone
// when the tab closes), its claims, and the sign-in flows (demo pick, OIDC code + PKCE,
// pasted token).

const KEY = 'vigil.session';
const PKCE_KEY = 'vigil.oidc';

// The directory roles the server knows, from the portal's configuration document:
// template id → {name, readsLogs, managesSettings}. Vigil's policy table decides access;
// this only decides which pages the navigation offers.
const roleTable = new Map();

/** Installs the server's role table (`config.roles`). */
export function setRoleTable(roles) {
  roleTable.clear();
  for (const role of roles || []) roleTable.set(String(role.templateId).toLowerCase(), role);
}

function decodePart(part) {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const padded = b64 + '='.repeat((4 - (b64.length % 4)) % 4);
  const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** The claims of a JWT, or null when it is not one. */
export function claimsOf(token) {
  try {
    return decodePart(token.split('.')[1]);
  } catch {
    return null;
  }
}

/** The current session, or null when signed out or expired. */
export function session() {
  let stored;
  try {
    stored = JSON.parse(sessionStorage.getItem(KEY) || 'null');
  } catch {
    stored = null;
  }
  if (!stored || !stored.accessToken) return null;
  const claims = claimsOf(stored.accessToken);
  if (!claims) return null;
  if (claims.exp && claims.exp * 1000 < Date.now()) {
    sessionStorage.removeItem(KEY);
    return null;
  }
  const wids = Array.isArray(claims.wids) ? claims.wids.map((w) => String(w).toLowerCase()) : [];
  return {
    accessToken: stored.accessToken,
    mode: stored.mode,
    claims,
    name: claims.name || claims.upn || claims.preferred_username || claims.appid || 'Signed in',
    upn: claims.upn || claims.preferred_username || '',
    oid: claims.oid || '',
    tid: claims.tid || '',
    roles: wids.filter((w) => roleTable.has(w)).map((w) => roleTable.get(w).name),
    isLogReader: wids.some((w) => roleTable.get(w)?.readsLogs) || Array.isArray(claims.roles),
    // Logs the roles read in full; app-only tokens are judged by the API alone.
    canRead: (collection) => Array.isArray(claims.roles)
      || wids.some((w) => (roleTable.get(w)?.reads || []).includes(collection)),
    canManageSettings: wids.some((w) => roleTable.get(w)?.managesSettings),
  };
}

/** Stores a new session. */
export function saveSession(accessToken, mode) {
  sessionStorage.setItem(KEY, JSON.stringify({ accessToken, mode }));
}

/** Forgets the session. */
export function signOut() {
  sessionStorage.removeItem(KEY);
}

/** Demo mode: asks the server for a token for `person` with `role`. */
export async function demoSignIn(person, role) {
  const response = await fetch('/portal/api/demo/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ person, role: role || null }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body?.error?.message || `Sign-in failed (${response.status}).`);
  saveSession(body.accessToken, 'demo');
}

function base64url(bytes) {
  let text = '';
  for (const b of new Uint8Array(bytes)) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(length = 32) {
  return base64url(crypto.getRandomValues(new Uint8Array(length)));
}

async function discovery(issuer) {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`The issuer's discovery document could not be read (${response.status}).`);
  return response.json();
}

function redirectUri() {
  return `${location.origin}/portal/auth/callback`;
}

/** OIDC: starts the authorization code flow with PKCE (S256). */
export async function startOidc(settings, returnTo) {
  const meta = await discovery(settings.issuer);
  const verifier = randomString(48);
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const state = randomString(16);
  const nonce = randomString(16);
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({
    verifier, state, nonce, returnTo, tokenEndpoint: meta.token_endpoint,
  }));
  const scopes = new Set(['openid', 'profile', ...String(settings.scopes || '').split(/\s+/).filter(Boolean)]);
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: redirectUri(),
    scope: [...scopes].join(' '),
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  location.assign(`${meta.authorization_endpoint}?${params}`);
}

/** OIDC: the redirect back with `code` and `state`; returns where to go next. */
export async function completeOidc(settings, query) {
  let pending;
  try {
    pending = JSON.parse(sessionStorage.getItem(PKCE_KEY) || 'null');
  } catch {
    pending = null;
  }
  sessionStorage.removeItem(PKCE_KEY);
  if (query.get('error')) throw new Error(`${query.get('error')}: ${query.get('error_description') || 'sign-in refused'}`);
  if (!pending || pending.state !== query.get('state')) throw new Error('The sign-in response does not match a sign-in this tab started. Start again.');
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code: query.get('code') || '',
    redirect_uri: redirectUri(),
    client_id: settings.clientId,
    code_verifier: pending.verifier,
  });
  const response = await fetch(pending.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  const tokens = await response.json().catch(() => ({}));
  if (!response.ok || !tokens.access_token) {
    throw new Error(tokens.error_description || tokens.error || `The token request failed (${response.status}).`);
  }
  if (tokens.id_token) {
    const idClaims = claimsOf(tokens.id_token);
    if (idClaims && idClaims.nonce && idClaims.nonce !== pending.nonce) throw new Error('The ID token does not carry this sign-in\'s nonce.');
  }
  saveSession(tokens.access_token, 'oidc');
  return pending.returnTo || '/portal/';
}
