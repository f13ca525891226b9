// A real OpenID Connect provider (the npm `oidc-provider`) on loopback, for congvu's single
// sign-on test. It stands in for the province's provider (Keycloak or its own): authorization
// code flow, signed ID tokens, discovery, JWKS, userinfo and RP-initiated logout.
//
//   node tests/sso/provider.mjs CONFIG.json
//
// CONFIG.json: {"port": 0, "client_id": "...", "client_secret": "...",
//   "redirect_uris": ["http://127.0.0.1:8000/oidc/callback/"],
//   "post_logout_redirect_uris": ["http://127.0.0.1:8000/login/"],
//   "accounts": {"login": {"password": "...", "email": "...", "name": "..."}}}
// With port 0 the system picks a free port; the first line printed is the issuer's URL.
//
// The sign-in page is this script's own (the provider's development pages fetch web fonts, which
// a machine without internet cannot): a login and a password, checked against the accounts.

import fs from 'node:fs';
import http from 'node:http';

import Provider from 'oidc-provider';

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const accounts = config.accounts;

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function signInPage(uid, error) {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Cổng đăng nhập một cửa</title></head>
<body><h1>Cổng đăng nhập một cửa của tỉnh</h1>
${error ? `<p id="error">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}">
<label>Tên đăng nhập <input name="login" id="login" required></label>
<label>Mật khẩu <input type="password" name="password" id="password" required></label>
<button type="submit" id="sign-in">Đăng nhập</button>
</form></body></html>`;
}

function readForm(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

function start(port) {
  const server = http.createServer();
  server.listen(port, '127.0.0.1', () => {
    const issuer = `http://127.0.0.1:${server.address().port}`;
    const provider = new Provider(issuer, {
      clients: [{
        client_id: config.client_id,
        client_secret: config.client_secret,
        redirect_uris: config.redirect_uris,
        post_logout_redirect_uris: config.post_logout_redirect_uris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
      }],
      claims: {
        openid: ['sub'],
        email: ['email', 'email_verified'],
        profile: ['name', 'preferred_username'],
      },
      async findAccount(ctx, id) {
        const account = accounts[id];
        if (!account) return undefined;
        return {
          accountId: id,
          async claims() {
            return {
              sub: id,
              preferred_username: account.preferred_username ?? id,
              email: account.email,
              email_verified: true,
              name: account.name,
            };
          },
        };
      },
      // The province's portal is first-party: no consent screen, every requested scope granted.
      async loadExistingGrant(ctx) {
        const grantId = ctx.oidc.result?.consent?.grantId
          || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
        if (grantId) return ctx.oidc.provider.Grant.find(grantId);
        const grant = new ctx.oidc.provider.Grant({
          clientId: ctx.oidc.client.clientId,
          accountId: ctx.oidc.session.accountId,
        });
        grant.addOIDCScope('openid email profile');
        grant.addOIDCClaims(['preferred_username', 'email', 'name']);
        await grant.save();
        return grant;
      },
      interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
      features: {
        devInteractions: { enabled: false },
        rpInitiatedLogout: {
          enabled: true,
          async logoutSource(ctx, form) {
            ctx.body = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Đăng xuất</title></head>
<body><h1>Đăng xuất khỏi cổng một cửa?</h1>${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout" id="sign-out">Đăng xuất</button>
</body></html>`;
          },
        },
      },
      cookies: { keys: ['congvu-sso-test-only'] },
    });
    const callback = provider.callback();

    server.on('request', async (req, res) => {
      const match = new URL(req.url, issuer).pathname.match(/^\/interaction\/([^/]+)$/);
      if (!match) {
        callback(req, res);
        return;
      }
      try {
        const details = await provider.interactionDetails(req, res);
        if (req.method === 'GET') {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          res.end(signInPage(details.uid));
          return;
        }
        const form = await readForm(req);
        const login = form.get('login') ?? '';
        const account = Object.hasOwn(accounts, login) ? accounts[login] : undefined;
        if (!account || account.password !== form.get('password')) {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          res.end(signInPage(details.uid, 'Sai tên đăng nhập hoặc mật khẩu.'));
          return;
        }
        await provider.interactionFinished(
          req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false },
        );
      } catch (error) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(String(error));
      }
    });
    console.log(issuer);
  });
}

start(config.port ?? 0);
