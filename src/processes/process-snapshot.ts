import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { ProcessConfigError } from '../engine/index.js';
import type { ProcessSnapshot } from './process-version-store.js';

export type { ProcessSnapshot } from './process-version-store.js';

const SKIPPED = new Set(['node_modules', 'tests']);
const CODE = /\.[cm]?[jt]sx?$/;
/** Relative specifiers of static imports, re-exports, dynamic imports and requires. */
const SPECIFIER =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

/**
 * Reads a process folder (under the config folder `root`) whole, with what its code imports from the rest of
 * `root`; refuses one larger than `maxBytes` (PROCESS_VERSION_MAX_BYTES) or importing from outside `root`.
 */
export async function readSnapshot(
  root: string,
  folder: string,
  maxBytes: number,
): Promise<ProcessSnapshot> {
  const base = resolve(root);
  const own = resolve(folder);
  const paths = new Set((await listFiles(own)).map((p) => join(own, p)));
  const contents = new Map<string, Buffer>();
  let bytes = 0;
  for (const path of paths) {
    const content = await readFile(path);
    contents.set(path, content);
    bytes += content.length;
    if (bytes > maxBytes) throw tooLarge(folder, maxBytes);
    if (!CODE.test(path)) continue;
    for (const imported of importsOf(path, content.toString('utf8'))) {
      if (paths.has(imported)) continue;
      if (relative(base, imported).startsWith('..')) throw outside(path, imported);
      paths.add(imported);
    }
  }
  const files: Record<string, string> = {};
  for (const path of [...contents.keys()].sort())
    files[toKey(relative(base, path))] = contents.get(path)!.toString('base64');
  const moduleType = moduleTypeOf(own);
  const key = relative(base, own) === '' ? '.' : toKey(relative(base, own));
  const hash = createHash('sha256');
  hash.update(`${moduleType}\0${key}`);
  for (const [path, content] of Object.entries(files)) hash.update(`\0${path}\0${content}`);
  return { hash: hash.digest('hex').slice(0, 16), files, folder: key, moduleType, bytes };
}

const toKey = (path: string) => path.split(sep).join('/');

/** The files a module's relative imports name, as Node or TypeScript would find them (.js may be a .ts). */
function importsOf(file: string, source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(SPECIFIER)) {
    const target = resolve(dirname(file), match[1]);
    const candidates = [
      target,
      target.replace(/\.js$/, '.ts'),
      target.replace(/\.mjs$/, '.mts'),
      target.replace(/\.cjs$/, '.cts'),
      ...['.ts', '.js', '.mjs', '.cjs', '/index.ts', '/index.js'].map((ext) => target + ext),
    ];
    const hit = candidates.find((c) => existsSync(c) && statSync(c).isFile());
    if (hit !== undefined) found.push(hit);
  }
  return found;
}

function tooLarge(folder: string, maxBytes: number): ProcessConfigError {
  return new ProcessConfigError([
    {
      file: folder,
      problem: `the process's files hold more than PROCESS_VERSION_MAX_BYTES (${maxBytes} bytes); every version of a process is stored whole`,
      fix: 'keep only the files the process needs in its folder (large data belongs in a service its callbacks call), or raise PROCESS_VERSION_MAX_BYTES',
    },
  ]);
}

function outside(file: string, imported: string): ProcessConfigError {
  return new ProcessConfigError([
    {
      file,
      problem: `it imports ${imported}, which is outside the config folder, so a version of the process could not keep it`,
      fix: 'move the imported file into the config folder (beside the process, or in a shared folder of CONFIG_DIR), or publish it as a package',
    },
  ]);
}
async function listFiles(folder: string, under = ''): Promise<string[]> {
  const entries = await readdir(join(folder, under), { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') || SKIPPED.has(entry.name)) continue;
    const path = under === '' ? entry.name : join(under, entry.name);
    if (entry.isDirectory()) found.push(...(await listFiles(folder, path)));
    else if (entry.isFile()) found.push(path);
  }
  return found;
}

/** The "type" of the package.json nearest to the folder, as Node decides how a .js file loads. */
function moduleTypeOf(folder: string): 'module' | 'commonjs' {
  for (let dir = folder; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        return JSON.parse(readFileSync(manifest, 'utf8')).type === 'module' ? 'module' : 'commonjs';
      } catch {
        return 'commonjs';
      }
    }
    if (dirname(dir) === dir) return 'commonjs';
  }
}
