import type { JsonObject } from '../../src/engine/index.js';
import type {
  InteractionFilter,
  InteractionRecord,
  TranscriptEntry,
  TurnWrite,
  UserKnowledge,
} from '../../src/interactions/model/interaction.model.js';
import {
  InteractionStore,
  type NewInteraction,
  type TurnRequest,
  type TurnResult,
  type TurnStep,
} from '../../src/persistence/interaction-store.js';

interface Stored {
  record: InteractionRecord;
  entries: TranscriptEntry[];
}

/**
 * The persistence port in memory, keeping its contract: a message id committed before is replayed without
 * a step; a turn that loses a race (`loseNextRace`: another server commits `rival` first) runs its step
 * again on the interaction as it then stands. `hold()` keeps commits waiting until released.
 */
export class MemoryStore extends InteractionStore {
  readonly interactions = new Map<string, Stored>();
  private gate: Promise<void> = Promise.resolve();
  private rival: ((record: InteractionRecord) => TurnWrite) | undefined;

  hold(): () => void {
    let release!: () => void;
    this.gate = new Promise((resolve) => (release = resolve));
    return () => {
      this.gate = Promise.resolve();
      release();
    };
  }

  loseNextRace(rival: (record: InteractionRecord) => TurnWrite): void {
    this.rival = rival;
  }

  async create(interaction: NewInteraction, welcome: TurnWrite): Promise<void> {
    const now = new Date().toISOString();
    const record = { ...interaction, createdAt: now, updatedAt: now } as InteractionRecord;
    this.interactions.set(interaction.id, { record, entries: [] });
    this.commit(interaction.id, welcome);
  }

  async turn(request: TurnRequest, step: TurnStep): Promise<TurnResult | null> {
    const stored = this.interactions.get(request.id);
    if (stored === undefined || stored.record.uid !== request.uid) return null;
    const replay = () => stored.entries.find((e) => e.messageId === request.messageId);
    let done = request.messageId === null ? undefined : replay();
    if (done !== undefined) return { reply: done.reply, replayed: true };
    let write = await step(stored.record);
    await this.gate;
    if (this.rival !== undefined) {
      const rival = this.rival;
      this.rival = undefined;
      this.commit(request.id, rival(stored.record));
      done = request.messageId === null ? undefined : replay();
      if (done !== undefined) return { reply: done.reply, replayed: true };
      write = await step(this.interactions.get(request.id)!.record);
    }
    this.commit(request.id, write);
    return { reply: write.entry.reply, replayed: false };
  }

  async find(id: string): Promise<InteractionRecord | null> {
    return this.interactions.get(id)?.record ?? null;
  }

  async transcript(id: string, afterSeq: number): Promise<TranscriptEntry[]> {
    return (this.interactions.get(id)?.entries ?? []).filter((e) => e.seq > afterSeq);
  }

  async knowledge(): Promise<JsonObject | undefined> {
    return undefined;
  }

  async list(filter: InteractionFilter): Promise<InteractionRecord[]> {
    return [...this.interactions.values()].map((s) => s.record).slice(0, filter.limit);
  }

  async delete(id: string): Promise<boolean> {
    return this.interactions.delete(id);
  }

  async knowledgeOf(): Promise<UserKnowledge[]> {
    return [];
  }

  async ping(): Promise<void> {}

  poolStats(): null {
    return null;
  }

  private commit(id: string, write: TurnWrite): void {
    const stored = this.interactions.get(id)!;
    if (write.entry.seq !== stored.entries.length + 1) throw new Error('a seq out of order');
    stored.record = {
      ...stored.record,
      state: write.state,
      processVersion: write.processVersion,
      status: write.status,
      lastSeq: write.entry.seq,
    };
    stored.entries.push({ ...write.entry, createdAt: new Date().toISOString() });
  }
}
