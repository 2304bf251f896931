import { Injectable } from '@nestjs/common';
import { Settings } from '../settings/settings.js';

/** Which browser origins may use the server (CORS_ORIGINS): one decision for HTTP, socket.io and WebSocket. */
@Injectable()
export class OriginPolicy {
  private readonly allowed: ReadonlySet<string> | undefined;

  constructor(settings: Settings) {
    const list = (settings.CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim().replace(/\/$/, ''))
      .filter((o) => o !== '');
    this.allowed = list.length === 0 || list.includes('*') ? undefined : new Set(list);
  }

  /** The configured origins, or undefined when any origin is allowed. */
  get origins(): string[] | undefined {
    return this.allowed === undefined ? undefined : [...this.allowed];
  }

  /**
   * The CORS answer, one for HTTP and socket.io: credentials (cookies) only for the origins CORS_ORIGINS
   * lists; without a list any page may call, but never with the user's cookies (`*`, no credentials).
   */
  get cors(): { origin: string[] | '*'; credentials: boolean } {
    return this.allowed === undefined
      ? { origin: '*', credentials: false }
      : { origin: [...this.allowed], credentials: true };
  }

  /** A request without an Origin header is not from a browser page, and is allowed. */
  allows(origin: string | undefined): boolean {
    return origin === undefined || this.allowed === undefined || this.allowed.has(origin);
  }
}
