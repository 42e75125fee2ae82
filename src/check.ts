import { describeAccess, probeAccess } from './access';
import type { Config } from './config';
import { preflight } from './preflight';
import type { StripeClient } from './stripe/client';

export interface CheckResult {
  ok: boolean;
  /** What works, and what to fix when something does not. */
  message: string;
}

/**
 * `check`: does Stripe accept the key, and what can it read? A secret key reads every resource, so one
 * request tells; a restricted key is asked about every stream. A rejected key (401), an unreachable account or an api_base that is not Stripe is thrown (preflight).
 */
export async function checkConnection(config: Config, client: StripeClient): Promise<CheckResult> {
  const found = await preflight(client, config);
  const account = found ? ` (account ${String(found['id'])})` : '';
  if (!config.api_key.startsWith('rk_')) return { ok: true, message: `connection OK: Stripe accepts the secret key${account}; it reads every stream` };
  const { ok, message } = describeAccess(await probeAccess(client, config.max_concurrency));
  return ok
    ? { ok, message: `connection OK: Stripe accepts the key${account}; ${message}` }
    : { ok, message: `Stripe accepts the key${account}, but ${message}` };
}
