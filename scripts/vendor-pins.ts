import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** vendor/: the widgets' browser bundles, checked in (scripts/vendor-update.ts extracts them). */
export const VENDOR = new URL('../vendor/', import.meta.url).pathname;
export const VENDOR_PINS = join(VENDOR, 'widgets.json');

/** One vendored package: the npm version, its tarball's integrity, and the sha256 of each file taken from it. */
export interface VendorPin {
  version: string;
  license: string;
  integrity: string;
  /** The file's path inside the package → the sha256 (hex) of its copy in vendor/<package>/. */
  files: Record<string, string>;
}

export function readVendorPins(): Record<string, VendorPin> {
  return JSON.parse(readFileSync(VENDOR_PINS, 'utf8')) as Record<string, VendorPin>;
}
