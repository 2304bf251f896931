/** The interaction does not exist, or belongs to another uid (the two are not told apart). */
export class InteractionNotFoundError extends Error {
  readonly code = 'INTERACTION_NOT_FOUND';
  constructor(id: string) {
    super(`there is no interaction "${id}" for this user`);
    this.name = 'InteractionNotFoundError';
  }
}

/** The process of an interaction is no longer loaded (its folder was removed from config/). */
export class ProcessUnavailableError extends Error {
  readonly code = 'PROCESS_UNAVAILABLE';
  constructor(process: string) {
    super(
      `the process "${process}" of this interaction is no longer loaded; start a new interaction`,
    );
    this.name = 'ProcessUnavailableError';
  }
}

/** The server is stopping: it finishes the turns it has and takes no new ones. */
export class ShuttingDownError extends Error {
  readonly code = 'SHUTTING_DOWN';
  readonly retryable = true;
  constructor() {
    super('the server is shutting down; send the message again (with the same id) in a moment');
    this.name = 'ShuttingDownError';
  }
}

/** A request that needs to know who the user is came without a uid. */
export class UidRequiredError extends Error {
  readonly code = 'UID_REQUIRED';
  constructor() {
    super('say who the user is: send the uid in the X-User-Id header or the uid query parameter');
    this.name = 'UidRequiredError';
  }
}

/** Too many turns of one interaction are already waiting in this server (TURN_QUEUE_LIMIT). */
export class InteractionBusyError extends Error {
  readonly code = 'INTERACTION_BUSY';
  readonly retryable = true;
  constructor(waiting: number) {
    super(
      `${waiting} turns of this interaction are already waiting; send again once they are answered`,
    );
    this.name = 'InteractionBusyError';
  }
}
