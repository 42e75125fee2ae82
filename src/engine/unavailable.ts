import { FatalApiError, UnavailableError, type TapError } from '../errors';
import type { TopStreamDef } from '../streams';

const NOT_ENABLED = /not (been )?(set up|enabled|activated)|signed up for|does not have access|not available (on|for) (your|this) account|feature/i;

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
  if (root.feature && error.status !== undefined && [400, 403, 404].includes(error.status) && NOT_ENABLED.test(error.message)) {
    return new UnavailableError(`${root.feature} is not enabled on this account, nothing to sync`, context);
  }
  return error;
}
