import { describeAccess, probeAccess } from './access';
import type { Config } from './config';
import { AuthError, TapError } from './errors';
import type { StripeClient } from './stripe/client';

export interface CheckResult {
  ok: boolean;
  /** What works, and what to fix when something does not. */
  message: string;
}

/**
 * `check`: does Stripe accept the key, and what can it read? A secret key reads every resource, so one
 * request tells; a restricted key is asked about every stream. A rejected key (401) is thrown as AuthError.
 */
export async function checkConnection(config: Config, client: StripeClient): Promise<CheckResult> {
  let account = '';
  try {
    account = ` (account ${String((await client.get('/v1/account', {}, {}))['id'])})`;
  } catch (error) {
    if (!(error instanceof TapError) || error instanceof AuthError || error.status !== 403) throw error;
  }
  if (!config.api_key.startsWith('rk_')) return { ok: true, message: `connection OK: Stripe accepts the secret key${account}; it reads every stream` };
  const { ok, message } = describeAccess(await probeAccess(client, config.max_concurrency));
  return ok
    ? { ok, message: `connection OK: Stripe accepts the key${account}; ${message}` }
    : { ok, message: `Stripe accepts the key${account}, but ${message}` };
}
