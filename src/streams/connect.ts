import type { StreamDef } from './types';

/** Stripe Connect: connected accounts and their people and payout destinations. */
export const connectStreams: StreamDef[] = [
  {
    kind: 'top', name: 'accounts', description: 'Connected accounts (Connect platforms).',
    path: '/v1/accounts', resource: 'account', keyProperties: ['id'], replication: 'created', feature: 'Connect',
  },
  {
    kind: 'child', name: 'persons', description: 'People associated with a connected account.',
    parent: 'accounts', parentKey: 'account', resource: 'person', keyProperties: ['account', 'id'],
    source: { kind: 'endpoint', path: '/v1/accounts/{parent}/persons' },
    retrieve: '/v1/accounts/{parent}/persons/{id}',
  },
  {
    kind: 'child', name: 'external_accounts', description: "A connected account's payout bank accounts and cards.",
    parent: 'accounts', parentKey: 'account', resource: 'external_account', keyProperties: ['account', 'id'],
    source: { kind: 'list', field: 'external_accounts', path: '/v1/accounts/{parent}/external_accounts' },
    retrieve: '/v1/accounts/{parent}/external_accounts/{id}',
  },
  {
    kind: 'child', name: 'capabilities', description: "A connected account's capabilities and their status.",
    parent: 'accounts', parentKey: 'account', resource: 'capability', keyProperties: ['account', 'id'],
    source: { kind: 'endpoint', path: '/v1/accounts/{parent}/capabilities', unpaged: true },
    retrieve: '/v1/accounts/{parent}/capabilities/{id}',
  },
];
