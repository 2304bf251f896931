import { useTestApp } from '../support/fixtures.js';

describe('GET /docs (OpenAPI)', () => {
  const app = useTestApp('sqlite');

  it('serves the UI and a document with every HTTP route and the DTO schemas', async () => {
    expect((await fetch(`${app.url}/docs`)).status).toBe(200);
    const document = (await (await fetch(`${app.url}/docs/json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    const routes = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(
      [
        'POST /interactions',
        'POST /interactions/{id}/messages',
        'GET /interactions/{id}',
        'GET /interactions/{id}/messages',
        'GET /get_uid',
        'POST /init',
        'POST /event',
        'GET /admin/processes',
        'GET /admin/processes/{name}',
        'POST /admin/processes/reload',
        'POST /admin/processes/{name}/nlu/parse',
        'GET /admin/interactions',
        'GET /admin/interactions/{id}',
        'DELETE /admin/interactions/{id}',
        'GET /admin/users/{uid}/knowledge',
        'GET /admin/users/{uid}/export',
        'DELETE /admin/users/{uid}',
        'GET /admin/interactions/{id}/transcript',
        'POST /admin/interactions/{id}/takeover',
        'POST /admin/interactions/{id}/operator-messages',
        'POST /admin/interactions/{id}/release',
        'GET /admin/processes/{name}/analytics',
        'GET /admin/processes/{name}/versions',
        'POST /admin/processes/{name}/versions/prune',
        'POST /admin/processes/{name}/migrations',
        'GET /processes',
        'GET /processes/{name}',
        'GET /processes/{name}/bpmn',
        'GET /health',
        'GET /metrics',
      ].sort(),
    );
    expect(Object.keys(document.components.schemas.MessageDto.properties)).toEqual([
      'type',
      'utterance',
      'payload',
      'id',
    ]);
    expect(Object.keys(document.components.schemas.StartInteractionDto.properties)).toEqual([
      'uid',
      'process',
    ]);
  });
});
