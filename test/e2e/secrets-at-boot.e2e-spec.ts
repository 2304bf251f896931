import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { failToStart, startServer } from '../support/server-process.js';

const JWT = { AUTH_JWT_SECRET: randomBytes(32).toString('hex') };

describe('secrets at boot (the built server)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
  });
  afterAll(() => db?.drop());

  it.each([
    ['the compose file’s old default', { NODE_ENV: 'production' }, 'change-me-mmcc-session-secret'],
    ['a short SESSION_SECRET', { NODE_ENV: 'production' }, 'sixteen-chars-ok'],
    ['a short SESSION_SECRET in JWT mode', JWT, 'only-twenty-chars-ok'],
    ['a placeholder', JWT, 'please-change-me-before-you-deploy-this-one'],
  ])('refuses %s, saying how to make a secret', async (_name, mode, secret) => {
    const failure = await failToStart({ ...db.env, ...mode, SESSION_SECRET: secret });
    expect(failure.code).toBe(1);
    expect(failure.output).toContain('SESSION_SECRET');
    expect(failure.output).toContain('openssl rand -hex 32');
    // The refused value itself is never printed.
    expect(failure.output).not.toContain(secret);
    expect(failure.output).not.toMatch(/\n\s+at /);
  });

  it('refuses a short or repetitive ADMIN_TOKEN in production', async () => {
    for (const token of ['a-token-of-20-chars!', 'a'.repeat(40)]) {
      const failure = await failToStart({ ...db.env, NODE_ENV: 'production', ADMIN_TOKEN: token });
      expect(failure.code).toBe(1);
      expect(failure.output).toMatch(/ADMIN_TOKEN .*openssl rand -hex 32/);
    }
  });

  it('starts in production with generated secrets, or with none (a random session key, admin off)', async () => {
    for (const env of <Record<string, string>[]>[
      {
        NODE_ENV: 'production',
        SESSION_SECRET: randomBytes(32).toString('hex'),
        ADMIN_TOKEN: randomBytes(32).toString('hex'),
      },
      { NODE_ENV: 'production' },
      // Outside production and JWT mode, a 16-character secret stays enough (development).
      { SESSION_SECRET: 'sixteen-chars-ok' },
    ]) {
      const server = await startServer({ ...db.env, ...env });
      try {
        expect((await fetch(`${server.url}/health`)).status).toBe(200);
      } finally {
        await server.stop();
      }
    }
  });
});
