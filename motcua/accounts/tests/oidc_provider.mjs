// A real OpenID Connect provider (the npm package oidc-provider) standing in for VNeID in tests.
// Usage: node oidc_provider.mjs PORT CLIENT_ID CLIENT_SECRET REDIRECT_URI
// Its development login form accepts any login name; the accounts below give their claims.
import Provider from 'oidc-provider';

const [port, clientId, clientSecret, redirectUri] = process.argv.slice(2);

const people = {
  'citizen-an': {
    name: 'Nguyễn Văn An',
    email: 'an.nguyen@example.vn',
    email_verified: true,
    personal_id: '001090000123',
  },
  'citizen-binh': {
    name: 'Trần Thị Bình',
    email: 'binh.tran@example.vn',
    email_verified: false,
    personal_id: '079185000456',
  },
};

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  claims: {
    openid: ['sub'],
    profile: ['name', 'personal_id'],
    email: ['email', 'email_verified'],
  },
  findAccount: async (ctx, id) => ({
    accountId: id,
    claims: async () => ({ sub: id, ...(people[id] ?? {}) }),
  }),
  cookies: { keys: ['test-only-cookie-signing-key'] },
  features: { devInteractions: { enabled: true } },
});

provider.listen(Number(port), '127.0.0.1', () => {
  process.stdout.write('ready\n');
});
