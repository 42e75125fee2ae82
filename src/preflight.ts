/**
 * The first request of a run, before any stream: GET /v1/account. One answer tells whether Stripe accepts the
 * key, whether the key reaches account_id, and whether api_base is Stripe at all, so that a revoked key ends
 * the run with one line instead of one failure per stream. It also sets the client's clock to Stripe's.
 */
import { originOf, type Config } from './config';
import { AuthError, NotStripeError, PermissionError, TapError, asTapError } from './errors';
import { isObject } from './json-file';
import type { JsonObject, StripeClient } from './stripe/client';

/**
 * The account the key reads (undefined when a restricted key may not read it: its streams still may be
 * readable, and each answers for itself). Throws one TapError, saying which setting to fix, when the run
 * cannot go on.
 */
export async function preflight(client: StripeClient, config: Config): Promise<JsonObject | undefined> {
  let account: JsonObject;
  try {
    account = await client.get('/v1/account', {}, { quiet: true });
  } catch (raw) {
    const error = asTapError(raw);
    if (error instanceof AuthError) throw explain(error, config);
    if (error instanceof PermissionError) return undefined;
    if (error instanceof NotStripeError) throw new NotStripeError(`${error.message} (api_base ${config.api_base ?? 'https://api.stripe.com'} from ${originOf(config, 'api_base')})`, context(error));
    throw error;
  }
  if (!isObject(account) || (account['object'] !== undefined && account['object'] !== 'account')) {
    throw new NotStripeError(`GET /v1/account: the answer is JSON but not a Stripe account; is api_base (${config.api_base ?? 'https://api.stripe.com'} from ${originOf(config, 'api_base')}) the Stripe API?`);
  }
  return account;
}

/** The refusal, with the setting it concerns and where that setting came from. */
function explain(error: AuthError, config: Config): AuthError {
  const setting = /connected account/.test(error.message) && config.account_id
    ? `account_id ${config.account_id} from ${originOf(config, 'account_id')}`
    : `api_key from ${originOf(config, 'api_key')}`;
  return new AuthError(`${error.message} (${setting})`, context(error));
}

function context(error: TapError): { requestId?: string; status?: number } {
  return { ...(error.requestId ? { requestId: error.requestId } : {}), ...(error.status ? { status: error.status } : {}) };
}
