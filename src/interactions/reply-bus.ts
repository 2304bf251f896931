import { Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';
import type { StoredReply } from './model/interaction.model.js';

export interface PublishedReply {
  readonly interaction: string;
  readonly reply: StoredReply;
}

/** Replies of committed turns, for the transports that push them to every client attached to an interaction. */
@Injectable()
export class ReplyBus {
  private readonly replies = new Subject<PublishedReply>();
  readonly published = this.replies.asObservable();

  publish(interaction: string, reply: StoredReply): void {
    this.replies.next({ interaction, reply });
  }
}
