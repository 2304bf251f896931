import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readVendorPins, VENDOR } from '../../../scripts/vendor-pins.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const pins = Object.entries(readVendorPins());
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('the vendored widget bundles (vendor/)', () => {
  it.each(pins)('%s: every file is the one extracted from the pinned tarball', (name, pin) => {
    expect(Object.keys(pin.files).length).toBeGreaterThan(0);
    for (const [file, hash] of Object.entries(pin.files)) {
      const copy = join(VENDOR, name, basename(file));
      // A hand edit, or a pin moved without `npm run vendor:update`, shows here.
      expect({ file: copy, sha256: existsSync(copy) ? sha256(copy) : 'missing' }).toEqual({
        file: copy,
        sha256: hash,
      });
    }
    expect(existsSync(join(VENDOR, name, 'LICENSE'))).toBe(true);
  });

  it.each(pins)(
    "%s: vendor/README.md gives the pinned version, licence and tarball's integrity",
    (name, pin) => {
      const row = readFileSync(join(VENDOR, 'README.md'), 'utf8')
        .split('\n')
        .find((line) => line.startsWith(`| \`${name}/\``));
      expect(row).toBeDefined();
      expect(row).toContain(` ${pin.version} `);
      expect(row).toContain(pin.license);
      expect(row).toContain(pin.integrity);
    },
  );

  it('installs neither package: their build trees are what vendor/ saves', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, string>
    >;
    const declared = { ...manifest.dependencies, ...manifest.devDependencies };
    expect(pins.map(([name]) => name).filter((name) => name in declared)).toEqual([]);
  });
});
