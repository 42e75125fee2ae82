/**
 * Connected accounts as Stripe shows them to a platform: Standard, platform-controlled Standard, Express and
 * Custom accounts (`type` and `controller`), some without `created`, and Stripe's refusal to serve the
 * persons and external accounts of accounts the platform does not control.
 */
import type { JsonObject } from '../streams/types';
import type { Dataset } from './dataset';
import { maskKey, stripeError, type FakeResponse } from './errors';

/**
 * `controller` per account kind (spec 2024-04-10, `account_unification_account_controller`: `type` is
 * `application` when a Connect application controls the account, `account` when it controls itself;
 * `is_controller` is true only for the application that controls it, otherwise absent).
 */
const KINDS: { type: string; controller: JsonObject }[] = [
  { type: 'standard', controller: { type: 'account' } },
  {
    type: 'express',
    controller: { type: 'application', is_controller: true, requirement_collection: 'stripe', stripe_dashboard: { type: 'express' }, fees: { payer: 'application' }, losses: { payments: 'application' } },
  },
  {
    type: 'custom',
    controller: { type: 'application', is_controller: true, requirement_collection: 'application', stripe_dashboard: { type: 'none' }, fees: { payer: 'application' }, losses: { payments: 'application' } },
  },
  {
    type: 'standard',
    controller: { type: 'application', is_controller: true, requirement_collection: 'stripe', stripe_dashboard: { type: 'full' }, fees: { payer: 'account' }, losses: { payments: 'stripe' } },
  },
];

/**
 * The n-th connected account's kind (1-based; every kind appears among any four in a row). Every fifth
 * account, from the second on, has no `created`: the spec leaves `account.created` optional, and Stripe has
 * such accounts (github.com/estuary/connectors/pull/2234).
 */
export function shapeAccount(obj: JsonObject, n: number): void {
  const kind = KINDS[(n - 1) % KINDS.length]!;
  obj['type'] = kind.type;
  obj['controller'] = kind.controller;
  if (!controlledByPlatform(obj)) delete obj['external_accounts'];
  if (n % 5 === 2) delete obj['created'];
}

/** Stripe's rule: the platform controls the account when `controller.is_controller` is true. */
export function controlledByPlatform(account: JsonObject): boolean {
  const controller = account['controller'] as JsonObject | undefined;
  return controller?.['is_controller'] === true;
}

const REFUSED = /^\/v1\/accounts\/([^/]+)\/(persons|external_accounts)(\/|$)/;

/**
 * Stripe refuses a platform the persons and external accounts of an account it does not control (the spec:
 * external accounts "are only returned for requests where controller[is_controller] is true"; Person docs,
 * docs.stripe.com/api/persons). The 403 says "required permissions" like a restricted key's, but names no
 * `rak_…` permission: it is about this account, not the key.
 */
export function connectRefusal(ds: Dataset, path: string, key: string): FakeResponse | undefined {
  const match = REFUSED.exec(path);
  const account = match?.[1] ? ds.store.entry('accounts', decodeURIComponent(match[1])) : undefined;
  if (!account || controlledByPlatform(account.obj)) return undefined;
  return stripeError(403, {
    message: `The provided key '${maskKey(key)}' does not have the required permissions for this endpoint on account '${account.id}'.`,
  });
}
