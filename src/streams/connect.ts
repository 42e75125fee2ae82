import type { JsonObject, StreamDef } from './types';

/**
 * Whether the platform controls a connected account, so that Stripe serves the account's persons and
 * external accounts to it. The spec (2024-04-10) says external accounts "are only returned for requests
 * where `controller[is_controller]` is true", and Stripe's Person docs (docs.stripe.com/api/persons) limit
 * what a platform may read of accounts whose requirements Stripe collects. Accounts from before controller
 * properties existed carry only `type`: Custom and Express accounts are the platform's, Standard ones not.
 */
export function platformControls(account: JsonObject): boolean {
  const controller = account['controller'];
  if (typeof controller === 'object' && controller !== null) return (controller as JsonObject)['is_controller'] === true;
  return account['type'] === 'custom' || account['type'] === 'express';
}

const notControlled = (what: string) => (account: JsonObject): string | undefined => (platformControls(account)
  ? undefined
  : `connected accounts the platform does not control (controller.is_controller is not true): Stripe does not serve their ${what}`);

/** Stripe Connect: connected accounts and their people and payout destinations. */
export const connectStreams: StreamDef[] = [
  {
    // A full table: the spec makes `account.created` optional, and a `created` filter never matches an
    // account without it, so windows could miss accounts for good. The list is bounded (one request per 100).
    kind: 'top', name: 'accounts', description: 'Connected accounts (Connect platforms).',
    path: '/v1/accounts', resource: 'account', keyProperties: ['id'], replication: 'full', feature: 'Connect', deletable: true,
  },
  {
    kind: 'child', name: 'persons', description: 'People associated with a connected account the platform controls.',
    parent: 'accounts', parentKey: 'account', resource: 'person', keyProperties: ['account', 'id'],
    source: { kind: 'endpoint', path: '/v1/accounts/{parent}/persons' }, unreadable: notControlled('persons'),
    readFor: 'accounts the platform controls',
    retrieve: '/v1/accounts/{parent}/persons/{id}',
  },
  {
    kind: 'child', name: 'external_accounts', description: "Payout bank accounts and cards of a connected account the platform controls.",
    parent: 'accounts', parentKey: 'account', resource: 'external_account', keyProperties: ['account', 'id'],
    source: { kind: 'list', field: 'external_accounts', path: '/v1/accounts/{parent}/external_accounts' },
    unreadable: notControlled('external accounts'), readFor: 'accounts the platform controls',
    retrieve: '/v1/accounts/{parent}/external_accounts/{id}',
  },
  {
    kind: 'child', name: 'capabilities', description: "A connected account's capabilities and their status.",
    parent: 'accounts', parentKey: 'account', resource: 'capability', keyProperties: ['account', 'id'],
    source: { kind: 'endpoint', path: '/v1/accounts/{parent}/capabilities', unpaged: true },
    retrieve: '/v1/accounts/{parent}/capabilities/{id}',
  },
];
