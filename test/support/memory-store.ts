import type { JsonObject } from '../../src/engine/index.js';
import type {
  InteractionFilter,
  InteractionRecord,
  StoredReply,
  TranscriptEntry,
  TurnWrite,
  UserKnowledge,
} from '../../src/interactions/model/interaction.model.js';
import {
  type Claim,
  InteractionStore,
  type NewInteraction,
} from '../../src/interactions/interaction-store.js';

interface Stored {
  record: InteractionRecord;
  entries: TranscriptEntry[];
}

/**
 * The persistence port in memory, keeping its contract: claims are plain reads, commits are fenced on the
 * seq and the message id; a commit that loses a race (`loseNextRace`: another server commits `rival` just
 * before it) writes nothing, and the port's turn steps again. `hold()` keeps commits waiting until released.
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

  async create(interaction: NewInteraction, welcome: TurnWrite): Promise<boolean> {
    if (this.interactions.has(interaction.id)) return false;
    const now = new Date().toISOString();
    const record = { ...interaction, createdAt: now, updatedAt: now } as InteractionRecord;
    this.interactions.set(interaction.id, { record, entries: [] });
    this.append(interaction.id, welcome);
    return true;
  }

  async claim(id: string): Promise<Claim | null> {
    const stored = this.interactions.get(id);
    if (stored === undefined) return null;
    const ids = stored.entries.map((e) => e.messageId).filter((m) => m !== null);
    return { record: stored.record, messageIds: new Set(ids) };
  }

  async commit(claim: Claim, write: TurnWrite): Promise<boolean> {
    await this.gate;
    const stored = this.interactions.get(claim.record.id)!;
    if (this.rival !== undefined) {
      const rival = this.rival;
      this.rival = undefined;
      this.append(claim.record.id, rival(stored.record));
    }
    const { seq, messageId } = write.entry;
    // the fence: the seq follows the last committed one, and the message id is not taken
    if (seq !== stored.entries.length + 1) return false;
    if (messageId !== null && stored.entries.some((e) => e.messageId === messageId)) return false;
    this.append(claim.record.id, write);
    return true;
  }

  async replyTo(id: string, messageId: string): Promise<StoredReply | null> {
    return this.interactions.get(id)?.entries.find((e) => e.messageId === messageId)?.reply ?? null;
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

  private append(id: string, write: TurnWrite): void {
    const stored = this.interactions.get(id)!;
    if (write.entry.seq !== stored.entries.length + 1) throw new Error('a seq out of order');
    stored.record = {
      ...stored.record,
      state: write.state,
      status: write.status,
      lastSeq: write.entry.seq,
    };
    stored.entries.push({ ...write.entry, createdAt: new Date().toISOString() });
  }
}
