import { type Activity, DirectLine, type DirectLineOptions } from 'botframework-directlinejs';
import WebSocket from 'ws';

/**
 * Microsoft's botframework-directlinejs, the client inside Web Chat, running in Node: its WebSocket is
 * the `ws` package, and its ajax (rxjs 5's, which needs XMLHttpRequest) is fetch behind the same
 * Observable class the library uses.
 */
export function nodeDirectLine(options: DirectLineOptions): DirectLine {
  // The library decides between the stream and polling by looking for a global WebSocket.
  (globalThis as any).WebSocket ??= WebSocket;
  let Rx: any;
  const ajax = (request: any) => {
    return Rx.create((subscriber: any) => {
      const controller = new AbortController();
      fetch(request.url, {
        method: request.method ?? 'GET',
        headers: request.headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: controller.signal,
      }).then(
        async (response) => {
          const text = await response.text();
          const body = text === '' ? undefined : JSON.parse(text);
          if (response.status >= 400)
            subscriber.error({
              status: response.status,
              response: body,
              xhr: { getResponseHeader: (name: string) => response.headers.get(name) },
            });
          else {
            subscriber.next({ status: response.status, response: body });
            subscriber.complete();
          }
        },
        (error: unknown) => subscriber.error({ status: 0, error }),
      );
      return () => controller.abort();
    });
  };
  const directLine = new DirectLine({ ...options, ajax, WebSocket } as any);
  // activity$ is a Subject of the library's rxjs 5; its Observable class is up its prototype chain.
  let prototype = Object.getPrototypeOf(directLine.activity$);
  while (prototype.constructor.name !== 'Observable') prototype = Object.getPrototypeOf(prototype);
  Rx = prototype.constructor;
  return directLine;
}

/** Collects the activities a DirectLine object receives, so that a test can await the next ones. */
export function watch(directLine: DirectLine) {
  const received: Activity[] = [];
  const waiters: (() => void)[] = [];
  const subscription = directLine.activity$.subscribe((activity) => {
    received.push(activity);
    waiters.splice(0).forEach((wake) => wake());
  });
  return {
    received,
    /** Waits until `count` activities have arrived in all. */
    until: (count: number, timeoutMs = 10_000) =>
      new Promise<Activity[]>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`${received.length} of ${count} activities within ${timeoutMs} ms`)),
          timeoutMs,
        );
        const check = () => {
          if (received.length >= count) {
            clearTimeout(timer);
            resolve(received.slice(0, count));
          } else waiters.push(check);
        };
        check();
      }),
    stop: () => {
      subscription.unsubscribe();
      directLine.end();
    },
  };
}

/** postActivity as a promise: the id the server gave the activity. */
export const post = (directLine: DirectLine, activity: Partial<Activity>): Promise<string> =>
  new Promise((resolve, reject) =>
    directLine.postActivity(activity as Activity).subscribe({ next: resolve, error: reject }),
  );
