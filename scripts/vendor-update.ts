/**
 * The widgets' browser bundles in vendor/ (the playground's widget pages load them from this server): extracted
 * from the npm tarballs of the versions that vendor/widgets.json pins, each tarball checked against its pinned
 * integrity, so that `npm ci` does not install the packages' build trees (about 550 MB) to copy two files.
 *
 *   npm run vendor:update                          re-extract the pinned versions (the tarball must match)
 *   npm run vendor:update -- rasa-webchat@1.0.2    pin another version (its integrity from the registry), extract
 *
 * Writes the files to vendor/<package>/ and their sha256 to vendor/widgets.json (test/unit/deploy/vendor.spec.ts
 * holds the checked-in files to those). Update the versions in vendor/README.md by hand.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { readVendorPins, VENDOR, VENDOR_PINS, type VendorPin } from './vendor-pins.js';

const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

/** The sha512 integrity string (as package-lock.json writes it) of a file. */
function integrityOf(path: string): string {
  return `sha512-${createHash('sha512').update(readFileSync(path)).digest('base64')}`;
}

function extract(name: string, pin: VendorPin, work: string): VendorPin {
  const [packed] = JSON.parse(npm(['pack', `${name}@${pin.version}`, '--json'], work)) as [
    { filename: string },
  ];
  const tarball = join(work, packed.filename);
  const integrity = integrityOf(tarball);
  if (integrity !== pin.integrity)
    throw new Error(
      `${name}@${pin.version}: the tarball's integrity is ${integrity}, vendor/widgets.json pins ` +
        `${pin.integrity}. Fix: check where the tarball came from; to pin another version, run ` +
        `npm run vendor:update -- ${name}@<version>`,
    );
  const files = Object.keys(pin.files);
  execFileSync('tar', ['-xzf', tarball, '-C', work, ...files.map((file) => `package/${file}`)]);
  const target = join(VENDOR, name);
  mkdirSync(target, { recursive: true });
  const hashes: Record<string, string> = {};
  for (const file of files) {
    copyFileSync(join(work, 'package', file), join(target, basename(file)));
    hashes[file] = createHash('sha256')
      .update(readFileSync(join(target, basename(file))))
      .digest('hex');
  }
  rmSync(join(work, 'package'), { recursive: true });
  console.log(
    `vendor/${name}/: ${files.map((file) => basename(file)).join(', ')} from ${name}@${pin.version}`,
  );
  return { ...pin, files: hashes };
}

/** `name@version` arguments: those packages move to that version, with the registry's integrity for it. */
function repin(pins: Record<string, VendorPin>, specs: string[], work: string): void {
  for (const spec of specs) {
    const at = spec.lastIndexOf('@');
    const [name, version] = [spec.slice(0, at), spec.slice(at + 1)];
    if (at <= 0 || pins[name] === undefined)
      throw new Error(
        `"${spec}" names no vendored package at a version. Fix: one of ${Object.keys(pins).join(', ')}, ` +
          'as <package>@<version>',
      );
    const integrity = npm(['view', `${name}@${version}`, 'dist.integrity'], work).trim();
    if (!integrity.startsWith('sha512-'))
      throw new Error(
        `${name}@${version} is not on the registry. Fix: a version that \`npm view ${name} versions\` lists`,
      );
    pins[name] = { ...pins[name], version, integrity };
  }
}

function main(): void {
  const pins = readVendorPins();
  const work = mkdtempSync(join(tmpdir(), 'mmcc-vendor-'));
  try {
    repin(pins, process.argv.slice(2), work);
    const updated = Object.fromEntries(
      Object.entries(pins).map(([name, pin]) => [name, extract(name, pin, work)]),
    );
    writeFileSync(VENDOR_PINS, `${JSON.stringify(updated, null, 2)}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  console.error(`vendor:update: ${(error as Error).message}`);
  process.exit(1);
}
