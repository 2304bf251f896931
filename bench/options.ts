/** `npm run bench -- --name=value ...`: the options, read and checked once. */
const option = (name: string, fallback: string) =>
  process.argv
    .find((a) => a.startsWith(`--${name}=`))
    ?.split('=')
    .slice(1)
    .join('=') ?? fallback;

const problems: string[] = [];
/** A whole number of at least `min`, or a message that names the option and what it takes. */
const whole = (name: string, fallback: string, min: number): number => {
  const text = option(name, fallback);
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) {
    problems.push(
      `--${name}=${text}: give a whole number of at least ${min}, e.g. --${name}=${fallback}`,
    );
    return min;
  }
  return value;
};
const wholes = (name: string, fallback: string, min: number): number[] =>
  option(name, fallback)
    .split(',')
    .filter(Boolean)
    .map((part, i) => {
      const value = Number(part);
      if (!Number.isInteger(value) || value < min)
        problems.push(
          `--${name}: "${part}" (item ${i + 1}) is not a whole number of at least ${min}, e.g. --${name}=${fallback}`,
        );
      return value;
    });

export const DURATION = whole('duration', '5000', 100);
export const WARMUP = whole('warmup', '1000', 0);
export const CONNECTIONS = wholes('connections', '1,50,200', 1);
export const IDLE = whole('idle', '10000', 1);
export const POSTGRES = option('postgres', 'postgres://postgres@127.0.0.1:5432/postgres');
export const DATABASES = option('databases', 'SQLite,Postgres').split(',');
/** The Python-callback rows: the counter as my_callbacks.py, over ws on SQLite, with each of these worker counts. */
export const PYTHON_WORKERS = wholes('python-workers', '1,2', 1);
export const PYTHON_CONNECTIONS = whole('python-connections', '50', 1);
/** --only=python: the Python rows and the TypeScript row beside them, nothing else. */
export const ONLY = option('only', '');
/** The flat-data rows: turns preloaded (0: none), over this many interactions. */
export const STORED = whole('stored', '0', 0);
export const STORED_INTERACTIONS = whole(
  'stored-interactions',
  String(Math.max(1, Math.round(STORED / 10))),
  1,
);
export const STORED_ROUNDS = whole('stored-rounds', '2', 1);
export const STORED_CONNECTIONS = whole('stored-connections', '50', 1);
export const API_RUNS = whole('api-runs', '5', 1);
/**
 * Node flags for this server's processes only (not the ceilings', not the load's), space-separated, put on its
 * command line (some, such as --single-threaded-gc, are not allowed in NODE_OPTIONS): to measure a runtime
 * setting, e.g. --server-node-flags=--single-threaded-gc (see the performance page's "Tuning the host").
 */
export const SERVER_NODE_FLAGS = option('server-node-flags', '').split(' ').filter(Boolean);

if (!['', 'python'].includes(ONLY))
  problems.push(`--only=${ONLY}: the one choice is --only=python`);
for (const d of DATABASES)
  if (!['SQLite', 'Postgres'].includes(d))
    problems.push(
      `--databases: "${d}" is not one; give SQLite, Postgres or both (--databases=SQLite,Postgres)`,
    );
if (STORED > 0 && STORED < STORED_INTERACTIONS)
  problems.push(
    `--stored=${STORED} is fewer turns than --stored-interactions=${STORED_INTERACTIONS}: each interaction has its welcome turn at least`,
  );
if (STORED > 0 && (ONLY === 'python' || !DATABASES.includes('Postgres')))
  problems.push(
    '--stored preloads Postgres: keep Postgres in --databases and leave out --only=python',
  );
if (problems.length > 0) {
  console.error(`npm run bench: ${problems.join('\n')}`);
  process.exit(2);
}
