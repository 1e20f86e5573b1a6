// A real OpenID Connect provider for the portal's sign-in test: panva's oidc-provider (a
// certified implementation, from npm) with one public client — the portal — that must use
// PKCE, and JWT access tokens shaped like Entra's (tid, oid, upn, scp, wids) for Vigil's
// audience.
//
//   node oidc_provider.mjs PORT TENANT_ID REDIRECT_URI AUDIENCE MODULE_DIR
//
// MODULE_DIR holds node_modules/oidc-provider. Any login/password is accepted (the
// provider's development login page); the login name picks the roles: a name starting with
// "admin" gets Reports Reader, anything else none. Consent is granted automatically.

import { createHash, generateKeyPairSync } from 'node:crypto';
import { pathToFileURL } from 'node:url';

const [port, tenant, redirectUri, audience, moduleDir] = process.argv.slice(2);
const { default: Provider } = await import(pathToFileURL(`${moduleDir}/node_modules/oidc-provider/lib/index.js`));

const REPORTS_READER = '4a5d8f65-41da-4de4-8968-e035b65339cf';
const SCOPE = 'AuditLog.Read.All';
const issuer = `http://127.0.0.1:${port}`;

const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
key.kid = 'test-key-1';
key.alg = 'RS256';
key.use = 'sig';

function objectId(account) {
  const hex = createHash('sha256').update(account).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'vigil-portal',
    token_endpoint_auth_method: 'none',
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  jwks: { keys: [key] },
  pkce: { required: () => true },
  scopes: ['openid', 'profile'],
  claims: { openid: ['sub'], profile: ['name'] },
  features: {
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => audience,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: SCOPE,
        audience,
        accessTokenTTL: 3600,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id, name: id }) }),
  loadExistingGrant: async (ctx) => {
    const existing = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (existing) return ctx.oidc.provider.Grant.find(existing);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile');
    grant.addResourceScope(audience, SCOPE);
    await grant.save();
    return grant;
  },
  extraTokenClaims: (_ctx, token) => {
    const account = token.accountId;
    if (!account) return undefined;
    return {
      tid: tenant,
      oid: objectId(account),
      upn: `${account}@contoso.com`,
      name: account,
      scp: SCOPE,
      wids: account.startsWith('admin') ? [REPORTS_READER] : [],
    };
  },
});

provider.listen(Number(port), '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
