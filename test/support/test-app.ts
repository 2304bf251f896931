import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../src/app.factory.js';
import { loadSettings } from '../../src/settings/settings.js';

export const FIXTURES_CONFIG = new URL('../fixtures/config', import.meta.url).pathname;

export interface TestApp {
  readonly app: INestApplication;
  readonly url: string;
  close(): Promise<void>;
}

/** The whole application, compiled in this process from its settings and listening on a free port (or `port`). */
export async function startTestApp(env: Record<string, string>, port = 0): Promise<TestApp> {
  const app = await createApp(loadSettings({ LOG_LEVEL: 'error', ...env }));
  await app.listen(port, '127.0.0.1');
  return { app, url: await app.getUrl(), close: () => app.close() };
}

/** A small JSON HTTP client for the tests: the status and the parsed body. */
export async function http(
  method: string,
  url: string,
  options: {
    uid?: string;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.uid !== undefined) headers['x-user-id'] = options.uid;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}
