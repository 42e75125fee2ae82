/**
 * One error hierarchy for the whole tap. Every error carries the stream it happened in (when any) and Stripe's
 * request id (when any), and says how the process should end: usage/config errors exit 2, everything else 1.
 */
export interface ErrorContext {
  stream?: string;
  requestId?: string;
  status?: number;
  /** Stripe's error `code` (e.g. `resource_missing`) and the `param` it names (e.g. `starting_after`). */
  code?: string;
  param?: string;
}

export abstract class TapError extends Error {
  /** 2: usage and input files; 1: what Stripe (or api_base) answered, or a bug; 130/143: stopped by a signal. */
  abstract readonly exitCode: number;
  readonly stream: string | undefined;
  readonly requestId: string | undefined;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly param: string | undefined;

  constructor(message: string, context: ErrorContext = {}) {
    super(message);
    this.name = new.target.name;
    this.stream = context.stream;
    this.requestId = context.requestId;
    this.status = context.status;
    this.code = context.code;
    this.param = context.param;
  }

  /** One line for stderr: what went wrong, where, and Stripe's request id. */
  describe(): string {
    const where = this.stream ? ` (stream ${this.stream})` : '';
    const req = this.requestId ? ` [Request-Id ${this.requestId}]` : '';
    return `${this.message}${where}${req}`;
  }
}

/** Wrong or missing settings, files, catalog or state: the user must fix the input. Exit 2. */
export class ConfigError extends TapError {
  readonly exitCode = 2;
}

/** Stripe refused the key (401). Exit 1 (the config is well-formed; the key is not accepted). */
export class AuthError extends TapError {
  readonly exitCode = 1;
}

/**
 * What answers at api_base is not Stripe's API: an HTML page, or a body that is not JSON. Exit 1 (found by a
 * request), but the user must fix a setting.
 */
export class NotStripeError extends TapError {
  readonly exitCode = 1;
}

/** The key may not read one resource (403): the stream is skipped with a warning. */
export class PermissionError extends TapError {
  readonly exitCode = 1;
}

/** The resource is not available on this account (legacy API removed, product not enabled): the stream ends. */
export class UnavailableError extends TapError {
  readonly exitCode = 1;
}

/** A failure that may pass (429, 409, 5xx, network): retried, and fatal only when retries run out. */
export class RetriableApiError extends TapError {
  readonly exitCode = 1;
  readonly shouldRetry: boolean | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, context: ErrorContext & { shouldRetry?: boolean; retryAfterSeconds?: number } = {}) {
    super(message, context);
    this.shouldRetry = context.shouldRetry;
    this.retryAfterSeconds = context.retryAfterSeconds;
  }
}

/** Any other API failure (400, 404 …). */
export class FatalApiError extends TapError {
  readonly exitCode = 1;
}

/** Change capture cannot go on from the state it was given (its events are gone, and re-reading is off). Exit 1. */
export class ChangeCaptureError extends TapError {
  readonly exitCode = 1;
}

/** The run was stopped by SIGINT (exit 130) or SIGTERM (exit 143) before it finished. */
export class InterruptedError extends TapError {
  readonly exitCode: number;

  constructor(readonly signal: 'SIGINT' | 'SIGTERM', message = `stopped by ${signal}`, context: ErrorContext = {}) {
    super(message, context);
    this.exitCode = signalExitCode(signal);
  }
}

/** The shell's convention: 128 + the signal's number (SIGINT 2, SIGTERM 15). */
export function signalExitCode(signal: 'SIGINT' | 'SIGTERM'): number {
  return signal === 'SIGINT' ? 130 : 143;
}

/** A bug or an unexpected condition inside the tap. */
export class InternalError extends TapError {
  readonly exitCode = 1;
}

/** Any thrown value as a TapError (unknown errors become InternalError, message kept). */
export function asTapError(error: unknown): TapError {
  if (error instanceof TapError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const internal = new InternalError(message);
  if (error instanceof Error && error.stack) internal.stack = error.stack; // where the bug is, for --log-level debug
  return internal;
}
