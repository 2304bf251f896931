import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, until } from './network.js';

/** Debian's nginx (`apt-get install nginx`; .ci/run installs it). */
export const NGINX = '/usr/sbin/nginx';

/** Without nginx the proxy tests are skipped, except in CI, where its absence fails the run. */
export const nginxTestsRun = existsSync(NGINX) || process.env.CI === 'true';

const REPO_CONF = new URL('../../deploy/nginx.conf', import.meta.url).pathname;

export interface Nginx {
  readonly url: string;
  /** The configuration nginx runs, as generated from deploy/nginx.conf. */
  readonly conf: string;
  stop(): Promise<void>;
}

/**
 * The repository's deploy/nginx.conf, run by nginx as compose runs it, with only the upstream servers and the
 * listening address replaced (so the test proves the real file): in a private prefix, as any user.
 */
export async function startNginx(upstreams: readonly string[]): Promise<Nginx> {
  const original = readFileSync(REPO_CONF, 'utf8');
  const servers = [...original.matchAll(/^(\s*)server\s+[\w.-]+:\d+;/gm)];
  if (servers.length !== upstreams.length)
    throw new Error(
      `deploy/nginx.conf has ${servers.length} upstream servers, not ${upstreams.length}`,
    );
  let next = 0;
  const port = await freePort();
  const site = original
    .replace(
      /^(\s*)server\s+[\w.-]+:\d+;/gm,
      (_all, indent: string) => `${indent}server ${upstreams[next++]};`,
    )
    .replace(/^(\s*)listen 80;/m, `$1listen 127.0.0.1:${port};`);
  const prefix = mkdtempSync(join(tmpdir(), 'mmcc-nginx-'));
  for (const dir of ['logs', 'temp']) mkdirSync(join(prefix, dir));
  writeFileSync(join(prefix, 'default.conf'), site);
  // The main file is Debian's image's: compose mounts ours as conf.d/default.conf inside its http block.
  const main = `daemon off;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${prefix}/temp/body;
  proxy_temp_path ${prefix}/temp/proxy;
  fastcgi_temp_path ${prefix}/temp/fastcgi;
  uwsgi_temp_path ${prefix}/temp/uwsgi;
  scgi_temp_path ${prefix}/temp/scgi;
  include ${prefix}/default.conf;
}
`;
  writeFileSync(join(prefix, 'nginx.conf'), main);
  const child: ChildProcess = spawn(
    NGINX,
    ['-c', join(prefix, 'nginx.conf'), '-p', prefix, '-e', join(prefix, 'logs', 'error.log')],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  try {
    await until('nginx listening', async () => {
      if (child.exitCode !== null) throw new Error(`nginx exited:\n${output}`);
      return fetch(`${url}/health`).then(
        () => true,
        () => false,
      );
    });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url,
    conf: site,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGQUIT');
        await exited;
      }
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
