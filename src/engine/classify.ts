/** How the engine reads API errors: which mean "no such data here", and what a failing child request means. */
import { FatalApiError, PermissionError, UnavailableError, type TapError } from '../errors';
import type { TopStreamDef } from '../streams';

const NOT_ENABLED = /not (been )?(set up|enabled|activated)|signed up for|does not have access|not available (on|for) (your|this) account/i;
/** Stripe's answer for an endpoint it does not have (for this account or API version). */
const UNKNOWN_URL = /unrecognized request url/i;
/**
 * Stripe's wording when a restricted key lacks a permission: it names the `rak_…` permission. A refusal for
 * one connected account ("does not have the required permissions for this endpoint on account 'acct_…'")
 * names none: it concerns that parent only.
 */
const KEY_PERMISSION = /\brak_[a-z_]+/i;

/**
 * Names the errors that mean "this account has no such data" for a stream: a removed legacy API (404), or a
 * Stripe product the account does not use. Anything else is returned unchanged.
 */
export function classifyStreamError(root: TopStreamDef, error: TapError): TapError {
  if (!(error instanceof FatalApiError)) return error;
  const context = { stream: root.name, ...(error.requestId ? { requestId: error.requestId } : {}), ...(error.status ? { status: error.status } : {}) };
  if (root.legacy && error.status === 404) {
    return new UnavailableError(`Stripe does not serve GET ${root.path} for this account (a removed legacy API); use ${root.legacy.replacement} instead`, context);
  }
  if (root.feature && (error.status === 400 || error.status === 404) && NOT_ENABLED.test(error.message)) {
    return new UnavailableError(`${root.feature} is not enabled on this account, nothing to sync`, context);
  }
  if (error.status === 404 && UNKNOWN_URL.test(error.message)) {
    return new UnavailableError(`Stripe does not serve GET ${root.path} for this account or API version`, context);
  }
  return error;
}

/**
 * What a failed request for one parent's children means: the key lacks the permission (skip the child stream
 * for the rest of the run), this one parent's children cannot be read (400, 404, a 403 for this parent only, a list that
 * does not page: skip the parent, with a warning), or anything else (the family fails).
 */
export function childErrorAction(error: TapError): 'skip-stream' | 'skip-parent' | 'fail' {
  if (error instanceof PermissionError) return KEY_PERMISSION.test(error.message) ? 'skip-stream' : 'skip-parent';
  if (error instanceof FatalApiError) return error.status === undefined || error.status === 400 || error.status === 404 ? 'skip-parent' : 'fail';
  return 'fail';
}

/**
 * The run's closing error line: every failed stream with the request that failed, Stripe's message and its
 * request id, and what the user can do about it. A 400/404 Stripe gave for no reason the tap knows is not
 * retried (it would answer the same): deselecting the stream lets the rest sync; the Request-Id lets Stripe
 * or the maintainers see what happened.
 */
export function failureSummary(failures: readonly TapError[]): string {
  const each = failures.map((f) => {
    const req = f.requestId ? ` [Request-Id ${f.requestId}]` : '';
    return `${f.stream ?? '(no stream)'}: ${f.message}${req}`;
  });
  const refused = failures.some((f) => f.status === 400 || f.status === 404);
  const hint = refused
    ? 'the other streams finished; deselect the failing stream(s) in the catalog to sync the rest, or report the error with its Request-Id'
    : 'the other streams finished; run again later (their state was saved), or report the error with its Request-Id';
  return `${failures.length} stream(s) failed: ${each.join('; ')} (${hint})`;
}
