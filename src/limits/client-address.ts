import type { IncomingMessage } from 'node:http';
import { Injectable } from '@nestjs/common';
import proxyAddr from 'proxy-addr';
import { Settings } from '../settings/settings.js';

type Trust = (address: string, hop: number) => boolean;

/** TRUST_PROXY as a trust function: a number of hops, or a list of addresses and ranges; unset: none. */
export function compileTrust(setting: string | undefined): Trust {
  const value = setting?.trim() ?? '';
  if (value === '') return () => false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  return proxyAddr.compile(value.split(',').map((part) => part.trim()));
}

/**
 * The one decision of who a client is on the network, for every transport: the peer's address, or, behind
 * the proxies TRUST_PROXY names, the client address they forwarded (X-Forwarded-For). Express's `trust proxy`
 * is set to the same function, so `request.ip` agrees with it.
 */
@Injectable()
export class ClientAddress {
  readonly trust: Trust;

  constructor(settings: Settings) {
    this.trust = compileTrust(settings.TRUST_PROXY);
  }

  of(request: IncomingMessage): string {
    // A request whose socket is already gone has no peer address left to read.
    if (request.socket?.remoteAddress === undefined) return 'unknown';
    return proxyAddr(request, this.trust);
  }
}
