import {
  InteractionBusyError,
  ShuttingDownError,
} from '../../../src/interactions/interaction-errors.js';
import { InteractionNotFoundError } from '../../../src/interactions/interaction-errors.js';
import { InteractionsService } from '../../../src/interactions/interactions.service.js';
import type { StoredReply, TurnWrite } from '../../../src/interactions/model/interaction.model.js';
import { ReplyBus } from '../../../src/interactions/reply-bus.js';
import { MetricsService } from '../../../src/metrics/metrics.service.js';
import { ProcessRegistry } from '../../../src/processes/process-registry.service.js';
import { loadSettings } from '../../../src/settings/settings.js';
import { MemoryStore } from '../../support/memory-store.js';
import { FIXTURES_CONFIG } from '../../support/test-app.js';

const QUEUE_LIMIT = 3;
const data = (payload: Record<string, unknown> = {}) => ({ type: 'data' as const, payload });

describe(InteractionsService.name, () => {
  let engine: ProcessRegistry;
  let store: MemoryStore;
  let metrics: MetricsService;
  let service: InteractionsService;
  let published: StoredReply[];

  beforeAll(async () => {
    const settings = loadSettings({ CONFIG_DIR: FIXTURES_CONFIG, DEFAULT_PROCESS: 'counter' });
    engine = new ProcessRegistry(settings);
    await engine.reload();
  });
  beforeEach(() => {
    const settings = loadSettings({
      CONFIG_DIR: FIXTURES_CONFIG,
      DEFAULT_PROCESS: 'counter',
      TURN_QUEUE_LIMIT: String(QUEUE_LIMIT),
      SHUTDOWN_TIMEOUT_MS: '5000',
    });
    store = new MemoryStore();
    metrics = new MetricsService();
    const bus = new ReplyBus();
    published = [];
    bus.published.subscribe(({ reply }) => published.push(reply));
    service = new InteractionsService(store, engine, bus, metrics, settings);
  });
  const turns = async (outcome: string) =>
    (await metrics.registry.getSingleMetric('mmcc_turns_total')!.get()).values
      .filter((v) => v.labels.outcome === outcome)
      .reduce((sum, v) => sum + v.value, 0);
  const counter = (reply: StoredReply) => reply.payload.counter;

  it('runs the turns of one interaction in order of arrival, and refuses more than the queue limit', async () => {
    const { interaction } = await service.start('ann');
    const release = store.hold();
    const sent = Array.from({ length: QUEUE_LIMIT + 3 }, (_, i) =>
      service.handle(interaction, 'ann', data(), `m${i}`),
    );
    // the one running and QUEUE_LIMIT waiting are kept; the rest are refused at once, while those wait
    for (const refused of sent.slice(QUEUE_LIMIT + 1))
      await expect(refused).rejects.toBeInstanceOf(InteractionBusyError);
    release();
    const replies = await Promise.all(sent.slice(0, QUEUE_LIMIT + 1));
    expect(replies.map(counter)).toEqual([1, 2, 3, 4]);
    expect((await store.transcript(interaction, 0)).map((e) => e.messageId)).toEqual([
      null,
      'm0',
      'm1',
      'm2',
      'm3',
    ]);
  });

  it('answers a message id it has seen with the stored reply: no step, no second publication, one count', async () => {
    const { interaction } = await service.start('ann');
    const first = await service.handle(interaction, 'ann', data(), 'once');
    const again = await service.handle(interaction, 'ann', data(), 'once');
    expect(again).toEqual(first);
    expect(published).toEqual([first]);
    expect(await turns('ok')).toBe(1);
    expect(await store.transcript(interaction, 0)).toHaveLength(2);
  });

  it('runs a turn that lost the race to another server again on the new state, and counts it once', async () => {
    const { interaction } = await service.start('ann');
    await service.handle(interaction, 'ann', data(), 'a');
    // another server commits seq 3 (counter 2) while this turn, computed from seq 2, waits to commit
    store.loseNextRace((record): TurnWrite => {
      const state = { ...record.state, context: { ...record.state.context, counter: 2 } };
      const reply = {
        utterance: 'count 2',
        payload: { counter: 2 },
        seq: 3,
        activity: 'count',
        status: 'active' as const,
      };
      return {
        state,
        status: 'active',
        entry: {
          seq: 3,
          messageId: 'rival',
          input: data(),
          reply,
          activityBefore: 'count',
          activityAfter: 'count',
        },
      };
    });
    const reply = await service.handle(interaction, 'ann', data(), 'b');
    expect(reply).toMatchObject({ seq: 4, payload: { counter: 3 } });
    expect(published.map(counter)).toEqual([1, 3]);
    expect({ ok: await turns('ok'), error: await turns('error') }).toEqual({ ok: 2, error: 0 });
  });

  it('finishes the turns in flight when shutting down, and refuses new ones', async () => {
    const { interaction } = await service.start('ann');
    const release = store.hold();
    const inFlight = [
      service.handle(interaction, 'ann', data(), 'x'),
      service.handle(interaction, 'ann', data(), 'y'),
    ];
    let drained = false;
    const draining = service.beforeApplicationShutdown().then(() => (drained = true));
    await expect(service.handle(interaction, 'ann', data(), 'z')).rejects.toBeInstanceOf(
      ShuttingDownError,
    );
    await expect(service.start('bob')).rejects.toBeInstanceOf(ShuttingDownError);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(drained).toBe(false);
    release();
    await draining;
    expect((await Promise.all(inFlight)).map(counter)).toEqual([1, 2]);
  });

  it("hides another user's interaction, and changes nothing on a refused step", async () => {
    const { interaction } = await service.start('ann', 'faulty');
    await expect(service.handle(interaction, 'bob', data())).rejects.toBeInstanceOf(
      InteractionNotFoundError,
    );
    await expect(service.handle('nope', 'ann', data())).rejects.toBeInstanceOf(
      InteractionNotFoundError,
    );
    await expect(
      service.handle(interaction, 'ann', data({ fail: 'throw' }), 'bad'),
    ).rejects.toMatchObject({
      code: 'STEP_FAILED',
      detail: expect.stringContaining('the callback broke'),
    });
    expect(await store.transcript(interaction, 0)).toHaveLength(1);
    expect((await store.find(interaction))!.state.context).not.toHaveProperty('touched');
    expect({ ok: await turns('ok'), refused: await turns('refused') }).toEqual({
      ok: 0,
      refused: 1,
    });
    // the refused message id was not taken: sent again, it runs
    expect(await service.handle(interaction, 'ann', data(), 'bad')).toMatchObject({ seq: 2 });
  });
});
