/** A uid is 1 to 200 printable characters. */
export const UID_PATTERN = /^[^\p{Cc}]{1,200}$/u;

/** The bearer token of an Authorization header, if any: the scheme in any case, then one or more spaces (RFC 7235). */
export const bearerToken = (header: string | undefined): string | undefined =>
  /^Bearer +(.+)$/i.exec(header ?? '')?.[1];
