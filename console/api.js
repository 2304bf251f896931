// The console's calls to the admin API, with the admin token from this tab's sessionStorage (never a URL).
const KEY = 'mmcc-console-token';

export const token = {
  get: () => sessionStorage.getItem(KEY),
  set: (value) => sessionStorage.setItem(KEY, value),
  clear: () => sessionStorage.removeItem(KEY),
};

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function call(method, path, body) {
  const headers = { authorization: `Bearer ${token.get()}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const value = text === '' ? undefined : response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
  if (!response.ok) throw new ApiError(response.status, value?.message ?? `${response.status}`);
  return value;
}

export const get = (path) => call('GET', path);

/** The query string of the defined values. */
export const query = (values) => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) params.set(key, value);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
};

/** The live feed (socket.io /console), signed in through the handshake's auth, not the URL. */
export const feed = () =>
  io('/console', { auth: { token: token.get() }, transports: ['websocket'] });
