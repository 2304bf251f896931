import { AppError } from '../common/app-error.js';
/** JWT mode is on and the client sent no token. */
export class AuthRequiredError extends AppError {
  readonly code = 'AUTH_REQUIRED';
  constructor() {
    super(
      'this server needs a token: send your JWT (socket.io auth.token, ?token= on /ws, or Authorization: Bearer)',
    );
  }
}

/** The token is not one this server accepts (bad signature, expired, no subject...). */
export class AuthInvalidError extends AppError {
  readonly code = 'AUTH_INVALID';
  constructor(reason: string) {
    super(`the token was refused: ${reason}`);
  }
}
