import { AppError } from '../../common/app-error.js';

/** A takeover request that the interaction's state does not allow (not held, already completed...). */
export class TakeoverStateError extends AppError {
  readonly code = 'TAKEOVER_STATE';
}
