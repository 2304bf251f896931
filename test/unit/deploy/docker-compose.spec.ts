import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { parseDockerfile, type Stage } from '../../../deploy/dockerfile.js';
import { loadSettings } from '../../../src/settings/settings.js';

const ROOT = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, ROOT), 'utf8');

/**
 * Compose's interpolation: `${NAME:-default}` takes the variable or the default, `${NAME:?message}` the
 * variable or stops `docker compose up` with the message.
 */
const interpolated = (
  env: Record<string, string>,
  variables: Record<string, string>,
): Record<string, string> =>
  Object.fromEntries(
    Object.entries(env).map(([key, value]) => [
      key,
      String(value).replace(
        /\$\{([A-Z_]+):([-?])([^}]*)\}/g,
        (_all, name: string, kind: string, rest: string) => {
          if (variables[name] !== undefined && variables[name] !== '') return variables[name];
          if (kind === '?') throw new Error(rest);
          return rest;
        },
      ),
    ]),
  );

describe('docker-compose.yml', () => {
  // Compose reads YAML merge keys (`<<: *app`), which YAML 1.2 parsers read only when asked.
  const compose = parse(read('docker-compose.yml'), { merge: true });
  const { postgres, redis, app, app2, nginx } = compose.services;

  it('runs Postgres with a data volume and a health check', () => {
    expect(postgres.image).toMatch(/^postgres:1[5-9]/);
    expect(postgres.volumes).toContain('postgres-data:/var/lib/postgresql/data');
    expect(Object.keys(compose.volumes)).toContain('postgres-data');
    expect(postgres.healthcheck.test.join(' ')).toContain('pg_isready');
  });

  it('runs Redis, keeping nothing on disk, with a health check', () => {
    expect(redis.image).toMatch(/^redis:[67]/);
    expect(redis.command.join(' ')).toContain('--appendonly no');
    expect(redis.healthcheck.test.join(' ')).toContain('ping');
  });

  it.each(['app', 'app2'])(
    'builds %s, points it at that Postgres and that Redis, and waits for both',
    (name) => {
      const server = compose.services[name];
      expect(server.build).toBe('.');
      const url = new URL(server.environment.DATABASE_URL);
      expect(url.protocol).toBe('postgres:');
      expect(url.hostname).toBe('postgres');
      expect(url.port).toBe('5432');
      expect(url.username).toBe(postgres.environment.POSTGRES_USER);
      expect(url.password).toBe(postgres.environment.POSTGRES_PASSWORD);
      expect(url.pathname).toBe(`/${postgres.environment.POSTGRES_DB}`);
      expect(new URL(server.environment.REDIS_URL).hostname).toBe('redis');
      expect(server.depends_on.postgres.condition).toBe('service_healthy');
      expect(server.depends_on.redis.condition).toBe('service_healthy');
      expect(server.healthcheck.test.join(' ')).toContain('/health');
      expect(server.volumes).toContain('./config:/app/config:ro');
      // nginx is one hop in front and forwards the client's address: per-IP limits stay on.
      expect(server.environment.TRUST_PROXY).toBe('1');
      expect(server.environment).not.toHaveProperty('RATE_LIMIT_MESSAGES_PER_IP');
      expect(server.environment).not.toHaveProperty('RATE_LIMIT_CONNECTIONS_PER_IP');
      // The server's own settings schema accepts the environment it is given, as the image runs it.
      const secrets = { SESSION_SECRET: randomBytes(32).toString('hex') };
      expect(() =>
        loadSettings({ NODE_ENV: 'production', ...interpolated(server.environment, secrets) }),
      ).not.toThrow();
    },
  );

  it('takes SESSION_SECRET from the environment or .env, never from a default, and says how to make one', () => {
    for (const server of [app, app2]) {
      expect(server.environment.SESSION_SECRET).toMatch(/^\$\{SESSION_SECRET:\?[^}]+\}$/);
      expect(() => interpolated(server.environment, {})).toThrow(/openssl rand -hex 32/);
      expect(server.environment.ADMIN_TOKEN).toBe('${ADMIN_TOKEN:-}');
    }
    const example = read('.env.example');
    expect(example).toMatch(/^SESSION_SECRET=$/m);
    expect(example).toContain('openssl rand -hex 32');
    expect(read('.gitignore')).toMatch(/^\.env$/m);
  });

  it('runs both servers from one image with one configuration, each on a port of its own', () => {
    expect(app2.image).toBe(app.image);
    expect(app2.environment).toEqual(app.environment);
    expect(app2.volumes).toEqual(app.volumes);
    expect(app.ports).toEqual([`3001:${app.environment.PORT}`]);
    expect(app2.ports).toEqual([`3002:${app2.environment.PORT}`]);
  });

  it('puts nginx in front of both servers, on port 3000, once they are healthy', () => {
    expect(nginx.image).toMatch(/^nginx:/);
    expect(nginx.ports).toEqual(['3000:80']);
    expect(nginx.volumes).toContain('./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro');
    expect(nginx.depends_on.app.condition).toBe('service_healthy');
    expect(nginx.depends_on.app2.condition).toBe('service_healthy');
  });
});

describe('Dockerfile', () => {
  const stages = parseDockerfile(new URL('Dockerfile', ROOT).pathname);
  const [build, image] = stages;
  const copies = (stage: Stage) =>
    stage.steps.flatMap((step) => ('copy' in step ? [step.copy] : []));
  const runs = (stage: Stage) => stage.steps.flatMap((step) => ('run' in step ? [step.run] : []));

  it('builds from the lockfile, then keeps production dependencies only', () => {
    expect(runs(build)).toEqual(expect.arrayContaining(['npm ci --no-audit --no-fund']));
    expect(runs(build).slice(-2)).toEqual(['npm run build', 'npm prune --omit=dev']);
  });

  it('copies only what exists here, and the image holds the build, config/, the playground and vendor/', () => {
    for (const { from, sources } of copies(build).concat(copies(image))) {
      if (from === undefined)
        for (const source of sources) expect(existsSync(new URL(source, ROOT))).toBe(true);
    }
    const held = copies(image).map((copy) => copy.dest);
    expect(held).toEqual(
      expect.arrayContaining(['./node_modules', './dist', './config', './playground', './vendor']),
    );
    expect(image.cmd).toEqual(['node', 'dist/main.js']);
    expect(image.env.NODE_ENV).toBe('production');
  });
});

describe('deploy/nginx.conf', () => {
  const conf = read('deploy/nginx.conf').replace(/#.*$/gm, '');
  const upstream = /upstream\s+(\w+)\s*\{([^}]*)\}/.exec(conf);

  it('balances over both servers, sticky by client address', () => {
    expect(upstream).not.toBeNull();
    const [, name, body] = upstream!;
    expect(body).toMatch(/^\s*ip_hash;/m);
    expect([...body.matchAll(/server\s+([\w.-]+:\d+);/g)].map((m) => m[1])).toEqual([
      'app:3000',
      'app2:3000',
    ]);
    expect(conf).toMatch(new RegExp(`proxy_pass http://${name};`));
  });

  it('upgrades WebSocket connections on every path, and listens on the port compose publishes', () => {
    const locations = [...conf.matchAll(/location\s+([^{]+)\{([^}]*)\}/g)];
    // One location for everything: no WebSocket path (Direct Line streams, /ws/use/...) can be left out.
    expect(locations.map((l) => l[1].trim())).toEqual(['/']);
    const body = locations[0][2];
    expect(body).toContain('proxy_http_version 1.1;');
    expect(body).toContain('proxy_set_header Upgrade $http_upgrade;');
    expect(body).toContain('proxy_set_header Connection $connection_upgrade;');
    expect(conf).toMatch(/map \$http_upgrade \$connection_upgrade/);
    expect(conf).toMatch(/listen 80;/);
  });

  it('tells the server the host and port, the scheme and the address the client used', () => {
    expect(conf).toContain('proxy_set_header Host $http_host;');
    expect(conf).not.toMatch(/Host \$host;/);
    expect(conf).toContain('proxy_set_header X-Forwarded-Host $http_host;');
    expect(conf).toContain('proxy_set_header X-Forwarded-Proto $scheme;');
    expect(conf).toContain('proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;');
  });
});
