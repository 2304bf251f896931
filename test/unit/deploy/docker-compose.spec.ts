import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const ROOT = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, ROOT), 'utf8');

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml'));

  it('runs Postgres with a data volume and a health check', () => {
    const postgres = compose.services.postgres;
    expect(postgres.image).toMatch(/^postgres:1[5-9]/);
    expect(postgres.volumes).toContain('postgres-data:/var/lib/postgresql/data');
    expect(Object.keys(compose.volumes)).toContain('postgres-data');
    expect(postgres.healthcheck.test.join(' ')).toContain('pg_isready');
  });

  it('builds the app, points DATABASE_URL at that Postgres, publishes its port and waits for the database', () => {
    const { app, postgres } = compose.services;
    expect(app.build).toBe('.');
    const url = new URL(app.environment.DATABASE_URL);
    expect(url.protocol).toBe('postgres:');
    expect(url.hostname).toBe('postgres');
    expect(url.port).toBe('5432');
    expect(url.username).toBe(postgres.environment.POSTGRES_USER);
    expect(url.password).toBe(postgres.environment.POSTGRES_PASSWORD);
    expect(url.pathname).toBe(`/${postgres.environment.POSTGRES_DB}`);
    expect(app.ports).toContain(`${app.environment.PORT}:${app.environment.PORT}`);
    expect(app.depends_on.postgres.condition).toBe('service_healthy');
    expect(app.healthcheck.test.join(' ')).toContain('/health');
  });

  it('has a Dockerfile that installs with npm ci and runs the build', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toMatch(/RUN npm ci\b/);
    expect(dockerfile).toMatch(/CMD \["node", "dist\/main\.js"\]/);
    expect(dockerfile).toMatch(/COPY config \.\/config/);
  });
});
