// A real OpenID provider (the `oidc-provider` npm package, pinned in package.json) for iamconf's
// `check --discover`, `check --probe` and `token` integration tests.
//
// Usage: node server.mjs [--port N] [--no-form-post] [--cert CERT.pem --key KEY.pem]
//                        [--group-guids] [--auth-500] [--doc JSON] [--jwks-path PATH]
//                        [--jwks-enc-only] [--es256]
//   (or the environment variables PORT, NO_FORM_POST=1, TLS_CERT, TLS_KEY)
//
// Clients registered for the probe (each with https://wandb.test/oidc/callback and the scopes
// `openid profile email groups`; the provider also knows the scope `payroll`, which no client
// is allowed, so requesting it is `invalid_scope`):
//   wandb-pkce          public client (no secret), authorization code only (W&B `pkce`)
//   wandb-confidential  secret `iamconf-test-secret` (client_secret_basic), authorization code
//   wandb-implicit      public, implicit grant, response type `id_token` (form_post allowed)
//   wandb-code-only     public, authorization code only: `id_token` is not allowed
// The development login (devInteractions) signs in any login name; the account's claims are
// email `<login>@example.com`, name, preferred_username `<login>` and groups.
//
// --group-guids: the `groups` claim holds object-id GUIDs (as Entra ID emits) instead of team
// names. --auth-500: the authorization endpoint answers 500 (an IdP in trouble).
// --doc JSON: fields merged into the discovery document (to test what other providers publish).
// --jwks-path PATH: the document's `jwks_uri` is `<issuer>PATH` instead (e.g. a path that 404s).
// --jwks-enc-only: every key of the JWK Set is marked `"use": "enc"` (no signing key).
// --es256: the provider has an RSA and a P-256 key (generated at start), and signs the ID tokens
// of `wandb-implicit` with ES256.
//
// Listens on 127.0.0.1 (port 0 = any free port), then prints one line to stdout:
//   READY <issuer>
// The issuer is `http(s)://127.0.0.1:<port>` (no trailing slash).
//
// --no-form-post: oidc-provider hard-codes `form_post` among its built-in response modes and
// offers no option to remove one, so this set-up uses the library's own middleware hook
// (`provider.use`) to drop `form_post` from `response_modes_supported` in the discovery document
// and to refuse `response_mode=form_post` at the authorization endpoint: the provider then
// behaves like one (Dex, Cognito) that does not support form_post.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import process from 'node:process';

import Provider from 'oidc-provider';

function option(name, envName) {
  const i = process.argv.indexOf(name);
  if (i !== -1 && i + 1 < process.argv.length) return process.argv[i + 1];
  return process.env[envName];
}

const port = Number(option('--port', 'PORT') ?? 0);
const noFormPost = process.argv.includes('--no-form-post') || process.env.NO_FORM_POST === '1';
const certPath = option('--cert', 'TLS_CERT');
const keyPath = option('--key', 'TLS_KEY');
const tls = Boolean(certPath && keyPath);
const groupGuids = process.argv.includes('--group-guids');
const auth500 = process.argv.includes('--auth-500');
const docOverride = JSON.parse(option('--doc', 'DOC_OVERRIDE') ?? '{}');
const jwksPath = option('--jwks-path', 'JWKS_PATH');
const jwksEncOnly = process.argv.includes('--jwks-enc-only');
const es256 = process.argv.includes('--es256');

const CALLBACK = 'https://wandb.test/oidc/callback';
const SCOPE = 'openid profile email groups';
const probeClients = [
  {
    client_id: 'wandb-pkce',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code'],
    response_types: ['code'],
    redirect_uris: [CALLBACK],
    scope: SCOPE,
  },
  {
    client_id: 'wandb-confidential',
    client_secret: 'iamconf-test-secret',
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['authorization_code'],
    response_types: ['code'],
    redirect_uris: [CALLBACK],
    scope: SCOPE,
  },
  {
    client_id: 'wandb-implicit',
    ...(es256 ? { id_token_signed_response_alg: 'ES256' } : {}),
    token_endpoint_auth_method: 'none',
    grant_types: ['implicit'],
    response_types: ['id_token'],
    redirect_uris: [CALLBACK],
    scope: SCOPE,
  },
  {
    client_id: 'wandb-code-only',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code'],
    response_types: ['code'],
    redirect_uris: [CALLBACK],
    scope: SCOPE,
  },
];

async function findAccount(ctx, sub) {
  return {
    accountId: sub,
    async claims() {
      return {
        sub,
        email: `${sub}@example.com`,
        email_verified: true,
        name: 'Ada Lovelace',
        preferred_username: sub,
        groups: groupGuids
          ? ['3f2504e0-4f89-11d3-9a0c-0305e82c3301', '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d']
          : ['ml-team', 'admins'],
      };
    },
  };
}

let handler = (req, res) => {
  res.statusCode = 503;
  res.end();
};
const listener = (req, res) => handler(req, res);
const server = tls
  ? https.createServer({ cert: fs.readFileSync(certPath), key: fs.readFileSync(keyPath) }, listener)
  : http.createServer(listener);

server.listen(port, '127.0.0.1', () => {
  const actualPort = server.address().port;
  const issuer = `${tls ? 'https' : 'http'}://127.0.0.1:${actualPort}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'wandb',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'implicit'],
        response_types: ['code', 'id_token', 'code id_token'],
        redirect_uris: ['https://wandb.example.com/oidc/callback'],
      },
      ...probeClients,
    ],
    findAccount,
    ...(es256
      ? {
          jwks: {
            keys: [
              crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
              crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }),
            ],
          },
          enabledJWA: { idTokenSigningAlgValues: ['RS256', 'ES256'] },
        }
      : {}),
    // `payroll` is a scope the provider knows and no client may request.
    scopes: ['openid', 'offline_access', 'payroll'],
    responseTypes: ['code', 'id_token', 'code id_token', 'none'],
    // W&B requests `openid profile email`: advertise them in `scopes_supported`.
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      groups: ['groups'],
      email: ['email', 'email_verified'],
    },
    cookies: { keys: ['iamconf-test-only-cookie-key'] },
  });
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.oidc?.route === 'discovery' && ctx.body) {
      Object.assign(ctx.body, docOverride);
      if (jwksPath) ctx.body.jwks_uri = `${issuer}${jwksPath}`;
    }
    if (jwksEncOnly && ctx.oidc?.route === 'jwks' && ctx.body?.keys) {
      ctx.body = { keys: ctx.body.keys.map((key) => ({ ...key, use: 'enc' })) };
    }
  });
  if (auth500) {
    provider.use(async (ctx, next) => {
      if (ctx.path === '/auth') {
        ctx.status = 500;
        ctx.type = 'html';
        ctx.body = '<html><body><h1>Internal Server Error</h1></body></html>';
        return;
      }
      await next();
    });
  }
  if (noFormPost) {
    provider.use(async (ctx, next) => {
      if (ctx.path.endsWith('/auth') && ctx.query.response_mode === 'form_post') {
        ctx.status = 400;
        ctx.body = { error: 'unsupported_response_mode' };
        return;
      }
      await next();
      if (ctx.oidc?.route === 'discovery' && ctx.body) {
        ctx.body.response_modes_supported = ctx.body.response_modes_supported.filter(
          (mode) => mode !== 'form_post' && mode !== 'form_post.jwt',
        );
      }
    });
  }
  handler = provider.callback();
  process.stdout.write(`READY ${issuer}\n`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close();
    process.exit(0);
  });
}
