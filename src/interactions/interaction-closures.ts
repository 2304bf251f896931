import { Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';

/**
 * Interactions whose live connections must end now (their user was erased): each transport closes its
 * sockets of them, on every server where it can reach them.
 */
@Injectable()
export class InteractionClosures {
  private readonly closures = new Subject<readonly string[]>();
  readonly closed = this.closures.asObservable();

  close(interactions: readonly string[]): void {
    if (interactions.length > 0) this.closures.next(interactions);
  }
}
