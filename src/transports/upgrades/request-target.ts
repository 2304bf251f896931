/** An HTTP request target, split without any parser that can throw: the raw path and the query. */
export interface RequestTarget {
  /** The path as sent (still percent-encoded). */
  readonly path: string;
  readonly query: URLSearchParams;
}

/**
 * The target of a request in origin-form (`/path?query`), the only form a browser or a proxy sends to an
 * application server; anything else (absolute-form `http://host/path`, `*`, garbage) is undefined.
 * URLSearchParams never throws: a bad percent-escape in the query is read as U+FFFD.
 */
export function parseTarget(target: string | undefined): RequestTarget | undefined {
  if (target === undefined || !target.startsWith('/') || target.startsWith('//')) return undefined;
  const mark = target.indexOf('?');
  const path = mark < 0 ? target : target.slice(0, mark);
  const query = new URLSearchParams(mark < 0 ? '' : target.slice(mark + 1));
  return { path, query };
}

/** One percent-encoded path segment, decoded; undefined when it is not valid percent-encoded UTF-8. */
export function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Whether a path is `prefix` itself or under it (`/ws` takes `/ws`, `/ws/` and `/ws/use/x`, not `/wsx`). */
export function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`);
}
