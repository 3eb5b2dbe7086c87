// A real OpenID provider (the `oidc-provider` npm package, pinned in package.json) for iamconf's
// `check --discover` integration tests.
//
// Usage: node server.mjs [--port N] [--no-form-post] [--cert CERT.pem --key KEY.pem]
//   (or the environment variables PORT, NO_FORM_POST=1, TLS_CERT, TLS_KEY)
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
    ],
    responseTypes: ['code', 'id_token', 'code id_token', 'none'],
    // W&B requests `openid profile email`: advertise them in `scopes_supported`.
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email', 'email_verified'],
    },
    cookies: { keys: ['iamconf-test-only-cookie-key'] },
  });
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
