/**
 * The layers of the architecture (docs/architecture.md), checked by `npm run check`:
 *
 *   app (main, app.module, cli)            wires everything
 *   transports, admin, health              thin doors: a client event in, one call, the result out
 *   conversation                           the pipeline every transport calls
 *   interactions                           the turn; owns the InteractionStore port
 *   persistence                            implements the port (may import interactions' model and port)
 *                                          and hands the metrics its pool (PoolFigures)
 *   processes, nlu, engine                 loading and running processes; the engine is pure
 *   metrics, limits, auth, redis           services the layers above use
 *   common, settings                       at the bottom
 *
 * An import may skip layers downwards; none points up, and there is no cycle.
 */
const APP = '^src/(main|app\\.module|app\\.factory|public-api|logger)\\.ts$|^src/cli/';
const TOP = '^src/(transports|admin|health)/';

/** `from` may not import `to`: the layer and every layer above it that it must not reach. */
const layer = (name, from, to) => ({
  name,
  severity: 'error',
  comment: `${name}: an import that points up the layers (see .dependency-cruiser.cjs)`,
  from: { path: from },
  to: { path: to },
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'an import cycle: move the shared part below both modules',
      from: {},
      to: { circular: true },
    },
    { ...layer('nothing-imports-the-app', '^src/', APP), from: { path: '^src/', pathNot: APP } },
    layer(
      'nothing-below-imports-a-transport',
      '^src/(?!transports|admin|health|main|app|cli)',
      TOP,
    ),
    layer('conversation-is-below-the-transports', '^src/conversation/', `${TOP}`),
    layer('interactions-own-their-port', '^src/interactions/', '^src/(conversation|persistence)/'),
    layer(
      'persistence-implements-the-port',
      '^src/persistence/',
      '^src/(conversation|processes|limits|auth|redis|nlu)/',
    ),
    layer(
      'processes-below-interactions',
      '^src/(processes|nlu)/',
      '^src/(conversation|interactions|persistence)/',
    ),
    layer('the-engine-is-pure', '^src/engine/', '^src/(?!engine/|common/(app-error|is-plain-object)\\.ts$)'),
    layer(
      'services-below-the-layers',
      '^src/(metrics|limits|auth|redis)/',
      '^src/(conversation|interactions|persistence|processes|nlu|engine)/',
    ),
    layer(
      'common-and-settings-at-the-bottom',
      '^src/(common|settings)/',
      '^src/(?!common/|settings/)',
    ),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
