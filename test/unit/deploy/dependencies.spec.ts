import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

const ROOT = new URL('../../../', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

/** The package a bare specifier names: `@scope/name` or `name`, without a subpath. */
const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** Every package the built server imports at run time (type-only imports are gone from dist/). */
function importedPackages(): Map<string, string> {
  const found = new Map<string, string>();
  const files = readdirSync(join(ROOT, 'dist'), { recursive: true, encoding: 'utf8' });
  for (const file of files.filter((name) => name.endsWith('.js'))) {
    const code = readFileSync(join(ROOT, 'dist', file), 'utf8');
    // Static imports and re-exports (statements at the start of a line), and dynamic import() of a literal.
    const specifiers = [
      ...code.matchAll(/^(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/gm),
      ...code.matchAll(/^import\s*['"]([^'"]+)['"]/gm),
      ...code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
    ];
    for (const [, specifier] of specifiers) {
      if (specifier.startsWith('.') || specifier.startsWith('node:')) continue;
      if (builtinModules.includes(specifier)) continue;
      found.set(packageOf(specifier), `dist/${file}`);
    }
  }
  return found;
}

describe('the production dependency set', () => {
  // The image installs with `npm ci --omit=dev`: a package only in devDependencies is missing there.
  it('lists every package that dist/ imports in dependencies', () => {
    const imported = importedPackages();
    expect(imported.size).toBeGreaterThan(10);
    const missing = [...imported].filter(([name]) => !(name in manifest.dependencies));
    expect(missing.map(([name, file]) => `${name} (imported by ${file})`)).toEqual([]);
  });
});
