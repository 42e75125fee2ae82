import type { StreamDef } from './types';

/** The account's balance, its ledger, payouts, transfers and files. */
export const balanceStreams: StreamDef[] = [
  {
    kind: 'top', name: 'balance_history', description: 'Balance transactions: every movement of the account balance.',
    path: '/v1/balance_transactions', resource: 'balance_transaction', keyProperties: ['id'], replication: 'created',
  },
  {
    kind: 'child', name: 'balance_history_fees', description: "Fee details of a balance transaction (one row per fee).",
    parent: 'balance_history', parentKey: 'balance_transaction', indexKey: 'index', resource: 'fee',
    keyProperties: ['balance_transaction', 'index'],
    source: { kind: 'array', field: 'fee_details' },
  },
  {
    kind: 'top', name: 'balance_snapshot', description: 'The account balance at sync time (one row per run).',
    path: '/v1/balance', resource: 'balance', keyProperties: ['synced_at'], replication: 'snapshot',
    extraProperties: { synced_at: { type: 'string', format: 'date-time', description: 'When the tap read the balance.' } },
  },
  {
    kind: 'top', name: 'payouts', description: 'Payouts to bank accounts and debit cards.',
    path: '/v1/payouts', resource: 'payout', keyProperties: ['id'], replication: 'created',
  },
  {
    kind: 'child', name: 'payout_balance_transactions', description: 'Balance transactions settled by an automatic payout (Stripe lists none for manual ones).',
    parent: 'payouts', parentKey: 'payout', resource: 'balance_transaction', keyProperties: ['payout', 'id'],
    source: { kind: 'endpoint', path: '/v1/balance_transactions?payout={parent}' },
    // Stripe refuses (400) to filter balance transactions by a manual payout
    when: (payout) => payout['automatic'] === true,
    readFor: 'automatic payouts',
  },
  {
    kind: 'top', name: 'topups', description: 'Top-ups of the balance.',
    path: '/v1/topups', resource: 'topup', keyProperties: ['id'], replication: 'created',
  },
  {
    kind: 'top', name: 'transfers', description: 'Transfers to connected accounts.',
    path: '/v1/transfers', resource: 'transfer', keyProperties: ['id'], replication: 'created',
  },
  {
    kind: 'child', name: 'transfer_reversals', description: 'Reversals of a transfer.',
    parent: 'transfers', parentKey: 'transfer', resource: 'transfer_reversal', keyProperties: ['transfer', 'id'],
    source: { kind: 'list', field: 'reversals', path: '/v1/transfers/{parent}/reversals' },
    retrieve: '/v1/transfers/{parent}/reversals/{id}',
  },
  {
    kind: 'top', name: 'application_fees', description: 'Application fees collected from connected accounts.',
    path: '/v1/application_fees', resource: 'application_fee', keyProperties: ['id'], replication: 'created',
  },
  {
    kind: 'child', name: 'application_fee_refunds', description: 'Refunds of an application fee.',
    parent: 'application_fees', parentKey: 'fee', resource: 'fee_refund', keyProperties: ['fee', 'id'],
    source: { kind: 'list', field: 'refunds', path: '/v1/application_fees/{parent}/refunds' },
    retrieve: '/v1/application_fees/{parent}/refunds/{id}',
  },
  {
    kind: 'top', name: 'file_uploads', description: 'Files uploaded to Stripe (dispute evidence, identity documents …).',
    path: '/v1/files', resource: 'file', keyProperties: ['id'], replication: 'created',
  },
  {
    kind: 'top', name: 'file_links', description: 'Shareable links to files (read whole every run: links change without an event).',
    path: '/v1/file_links', resource: 'file_link', keyProperties: ['id'], replication: 'full',
  },
  {
    kind: 'top', name: 'events', description: 'Events: every change Stripe recorded in the last 30 days.',
    path: '/v1/events', resource: 'event', keyProperties: ['id'], replication: 'created',
  },
];
