import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { InputPipe } from '../../src/common/input.pipe.js';
import { checkMessage } from '../../src/conversation/message-check.js';
import { MESSAGE_SCHEMA } from '../../src/interactions/dto/message.schema.js';
import { useTestApp } from '../support/fixtures.js';

interface Operation {
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
}
type Document = { paths: Record<string, Record<string, Operation>> };

/** Every checked input of every route, as its InputPipe holds it: "POST /a/{id}" → the pipes. */
function checkedInputs(modules: ModulesContainer): Map<string, InputPipe[]> {
  const routes = new Map<string, InputPipe[]>();
  const join = (...parts: string[]) =>
    `/${parts.join('/')}`
      .replace(/\/+/g, '/')
      .replace(/\/$/, '')
      .replace(/:(\w+)/g, '{$1}');
  for (const module of modules.values()) {
    for (const { metatype } of module.controllers.values()) {
      if (typeof metatype !== 'function') continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, metatype) ?? '');
      for (const name of Object.getOwnPropertyNames(metatype.prototype)) {
        const handler = metatype.prototype[name] as object;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (name === 'constructor' || path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, metatype, name) ?? {}) as Record<
          string,
          { pipes?: unknown[] }
        >;
        const pipes = Object.values(args).flatMap((a) =>
          (a.pipes ?? []).filter((p): p is InputPipe => p instanceof InputPipe),
        );
        routes.set(`${method} ${join(base, path)}`, pipes);
      }
    }
  }
  return routes;
}

describe('GET /docs (OpenAPI)', () => {
  const app = useTestApp('sqlite');
  let document: Document;
  beforeAll(async () => {
    document = (await (await fetch(`${app.url}/docs/json`)).json()) as Document;
  });
  const operation = (route: string): Operation => {
    const [method, path] = route.split(' ');
    return document.paths[path]?.[method.toLowerCase()] ?? {};
  };

  it('serves the UI and a document with every HTTP route', async () => {
    expect((await fetch(`${app.url}/docs`)).status).toBe(200);
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
  });

  it('shows, for every checked body, query and path parameter, the very schema its check compiled', () => {
    const checked = [...checkedInputs(app.app.get(ModulesContainer))].filter(
      ([, pipes]) => pipes.length > 0,
    );
    expect(checked.map(([route]) => route).sort()).toEqual(
      [
        'POST /interactions',
        'GET /interactions/{id}/messages',
        'POST /init',
        'POST /admin/processes/{name}/nlu/parse',
        'POST /admin/processes/{name}/migrations',
        'GET /admin/interactions',
        'GET /admin/users/{uid}/export',
        'DELETE /admin/users/{uid}',
        'POST /admin/interactions/{id}/operator-messages',
        'POST /admin/interactions/{id}/release',
        'GET /admin/processes/{name}/analytics',
        'GET /processes/{name}/bpmn',
      ].sort(),
    );
    // Every query parameter the document shows is one that a pipe checks.
    const queries = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).flatMap(([method, op]) =>
        (op.parameters ?? [])
          .filter((p) => p.in === 'query')
          .map((p) => `${method.toUpperCase()} ${path} ?${p.name}`),
      ),
    );
    expect(queries.sort()).toEqual(
      checked
        .flatMap(([route, pipes]) =>
          pipes
            .filter((p) => p.place === 'query')
            .flatMap((p) => Object.keys(p.schema.properties).map((name) => `${route} ?${name}`)),
        )
        .sort(),
    );
    for (const [route, pipes] of checked) {
      const { parameters = [], requestBody } = operation(route);
      for (const pipe of pipes) {
        const { properties, required = [] } = pipe.schema;
        if (pipe.place === 'body') {
          expect({ route, body: requestBody?.content['application/json']?.schema }).toEqual({
            route,
            body: pipe.schema,
          });
          // The document's example is a body the check accepts.
          expect(pipe.transform(structuredClone(pipe.schema.example))).toBeDefined();
          continue;
        }
        const place = pipe.place === 'param' ? 'path' : 'query';
        const documented = parameters.filter((p) => p.in === place && p.name in properties);
        expect({ route, parameters: documented }).toEqual({
          route,
          parameters: Object.entries(properties).map(([name, schema]) => ({
            name,
            in: place,
            required: required.includes(name) || place === 'path',
            schema,
          })),
        });
      }
    }
  });

  it('shows the message schema that every transport checks, on both routes that take a message', () => {
    const bodies = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, op]) => op.requestBody !== undefined)
        .map(([method, op]) => ({
          route: `${method.toUpperCase()} ${path}`,
          schema: op.requestBody!.content['application/json']?.schema,
        })),
    );
    const checked = checkedInputs(app.app.get(ModulesContainer));
    // A body that no InputPipe checks is a message, which the pipeline checks against MESSAGE_SCHEMA.
    const messages = bodies.filter(
      ({ route }) => !(checked.get(route) ?? []).some((p) => p.place === 'body'),
    );
    expect(messages).toEqual([
      { route: 'POST /interactions/{id}/messages', schema: MESSAGE_SCHEMA },
      { route: 'POST /event', schema: MESSAGE_SCHEMA },
    ]);
    expect(checkMessage(structuredClone(MESSAGE_SCHEMA.example))).toEqual({
      input: MESSAGE_SCHEMA.example,
      messageId: null,
    });
  });
});
