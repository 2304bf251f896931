import { AppError } from '../common/app-error.js';
/** The interaction does not exist, or belongs to another uid (the two are not told apart). */
export class InteractionNotFoundError extends AppError {
  readonly code = 'INTERACTION_NOT_FOUND';
  constructor(id: string) {
    super(`there is no interaction "${id}" for this user`);
  }
}

/** The process of an interaction is no longer loaded (its folder was removed from config/). */
export class ProcessUnavailableError extends AppError {
  readonly code = 'PROCESS_UNAVAILABLE';
  constructor(process: string) {
    super(
      `the process "${process}" of this interaction is no longer loaded; start a new interaction`,
    );
  }
}

/** The server is stopping: it finishes the turns it has and takes no new ones. */
export class ShuttingDownError extends AppError {
  readonly code = 'SHUTTING_DOWN';
  override readonly retryable = true;
  // Another server behind the same address, or this one restarted, answers by then.
  override readonly retryAfterSeconds = 2;
  constructor() {
    super('the server is shutting down; send the message again (with the same id) in a moment');
  }
}

/** A request that needs to know who the user is came without a uid. */
export class UidRequiredError extends AppError {
  readonly code = 'UID_REQUIRED';
  constructor() {
    super(
      'say who the user is: a uid (the X-User-Id header or uid query parameter on HTTP, ?uid= on /ws, auth.uid on socket.io), or a token in JWT mode',
    );
  }
}

/** Too many turns of one interaction are already waiting in this server (TURN_QUEUE_LIMIT). */
export class InteractionBusyError extends AppError {
  readonly code = 'INTERACTION_BUSY';
  override readonly retryable = true;
  override readonly retryAfterSeconds = 1;
  constructor(waiting: number) {
    super(
      `${waiting} turns of this interaction are already waiting; send again once they are answered`,
    );
  }
}

/** The connection's interaction was erased with its user's data (DELETE /admin/users/:uid). */
export class InteractionErasedError extends AppError {
  readonly code = 'INTERACTION_NOT_FOUND';
  constructor(id: string) {
    super(`interaction "${id}" was erased with its user's data: start a new interaction`);
  }
}
