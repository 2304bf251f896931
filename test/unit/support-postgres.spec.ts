import { findPostgres } from '../support/databases.js';

// `npm test` decides here whether the Postgres suites run: CI=true requires a reachable Postgres.
describe(findPostgres.name, () => {
  const dead = 'postgres://postgres@127.0.0.1:1/postgres';

  it('skips Postgres when none is reachable outside CI', async () => {
    await expect(findPostgres({ url: dead, ci: false })).resolves.toBeNull();
  });

  it('fails the run when CI=true and Postgres is unreachable, saying what to do', async () => {
    await expect(findPostgres({ url: dead, ci: true })).rejects.toThrow(
      /CI=true needs PostgreSQL .* cannot be reached .* Start it/,
    );
  });
});
