/** How the engine reads API errors: which mean "no such data here", and what a failing child request means. */
import { FatalApiError, PermissionError, UnavailableError, type TapError } from '../errors';
import type { TopStreamDef } from '../streams';

const NOT_ENABLED = /not (been )?(set up|enabled|activated)|signed up for|does not have access|not available (on|for) (your|this) account/i;
/** Stripe's answer for an endpoint it does not have (for this account or API version). */
const UNKNOWN_URL = /unrecognized request url/i;
/** Stripe's wording when a restricted key lacks a permission (it names the `rak_…` permission). */
const KEY_PERMISSION = /rak_|required permissions/i;

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
 * for the rest of the run), this one parent's children cannot be read (400, 404, another 403, a list that
 * does not page: skip the parent, with a warning), or anything else (the family fails).
 */
export function childErrorAction(error: TapError): 'skip-stream' | 'skip-parent' | 'fail' {
  if (error instanceof PermissionError) return KEY_PERMISSION.test(error.message) ? 'skip-stream' : 'skip-parent';
  if (error instanceof FatalApiError) return error.status === undefined || error.status === 400 || error.status === 404 ? 'skip-parent' : 'fail';
  return 'fail';
}
