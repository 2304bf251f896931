import { Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';
import type { Input } from '../engine/index.js';
import type { StoredReply, TranscriptEntry } from './model/interaction.model.js';

/** A committed turn, as the transports push it: the reply with the input (and message id) that produced it. */
export interface PublishedReply {
  readonly interaction: string;
  readonly reply: StoredReply;
  /** So that a tab that did not send the input can show it above the reply. */
  readonly input: Input | null;
  /** So that the tab that sent it can match its own line. */
  readonly messageId: string | null;
  /**
   * The connection (a socket id) that sent the input, when its transport answers it on its own (an ack, or
   * the event sent to it alone): the rooms leave it out, so that it gets the reply once.
   */
  readonly connection?: string;
}

/** Replies of committed turns, for the transports that push them to every client attached to an interaction. */
@Injectable()
export class ReplyBus {
  private readonly replies = new Subject<PublishedReply>();
  readonly published = this.replies.asObservable();

  publish(
    interaction: string,
    { reply, input, messageId }: Pick<TranscriptEntry, 'reply' | 'input' | 'messageId'>,
    connection?: string,
  ): void {
    this.replies.next({ interaction, reply, input, messageId, connection });
  }
}
