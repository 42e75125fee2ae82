import type { StreamDef } from './types';

/** Money movement: charges, refunds, disputes, intents, payment methods. */
export const paymentStreams: StreamDef[] = [
  {
    kind: 'top', name: 'charges', description: 'Charges: attempts to move money into the account.',
    path: '/v1/charges', resource: 'charge', keyProperties: ['id'], replication: 'created',
  },
  {
    kind: 'top', name: 'refunds', description: 'Refunds of charges and payment intents.',
    path: '/v1/refunds', resource: 'refund', keyProperties: ['id'], replication: 'created',
  },
  {
    kind: 'top', name: 'disputes', description: 'Disputes (chargebacks) raised by card holders.',
    path: '/v1/disputes', resource: 'dispute', keyProperties: ['id'], replication: 'created',
  },
  {
    kind: 'child', name: 'disputes_fees',
    description: "Fees of a dispute's balance transactions (one row per fee detail).",
    parent: 'disputes', parentKey: 'dispute', indexKey: 'index', resource: 'fee',
    keyProperties: ['dispute', 'balance_transaction', 'index'],
    extraProperties: { balance_transaction: { type: 'string', description: 'ID of the balance transaction the fee belongs to.' } },
    source: {
      kind: 'extract',
      extract: (dispute) => {
        const txs = Array.isArray(dispute['balance_transactions']) ? dispute['balance_transactions'] : [];
        return txs.flatMap((tx) => {
          const t = tx as Record<string, unknown>;
          const fees = Array.isArray(t['fee_details']) ? (t['fee_details'] as Record<string, unknown>[]) : [];
          return fees.map((fee, index) => ({ ...fee, balance_transaction: t['id'], index }));
        });
      },
    },
  },
  {
    kind: 'top', name: 'payment_intents', description: 'Payment intents: the lifecycle of a customer payment.',
    path: '/v1/payment_intents', resource: 'payment_intent', keyProperties: ['id'], replication: 'created',
  },
  {
    kind: 'top', name: 'setup_intents', description: 'Setup intents: saving payment credentials for later.',
    path: '/v1/setup_intents', resource: 'setup_intent', keyProperties: ['id'], replication: 'created',
  },
  {
    kind: 'child', name: 'setup_attempts', description: 'Attempts to confirm a setup intent.',
    parent: 'setup_intents', parentKey: 'setup_intent', resource: 'setup_attempt', keyProperties: ['id'],
    source: { kind: 'endpoint', path: '/v1/setup_attempts?setup_intent={parent}' },
    // `latest_attempt` is "the most recent SetupAttempt for this SetupIntent" (spec 2024-04-10): null means
    // the intent was never confirmed, so it has no attempts to list
    when: (intent) => intent['latest_attempt'] !== null && intent['latest_attempt'] !== undefined,
    readFor: 'setup intents with a `latest_attempt`',
  },
  {
    kind: 'child', name: 'payment_methods', description: "Payment methods attached to customers.",
    parent: 'customers', parentKey: 'customer', resource: 'payment_method', keyProperties: ['id'],
    source: { kind: 'endpoint', path: '/v1/customers/{parent}/payment_methods' },
    retrieve: '/v1/payment_methods/{id}',
  },
  {
    // GET /v1/reviews "returns a list of Review objects that have open set to true" (spec 2024-04-10):
    // closed reviews are read where charges and payment intents name them (their `review`, expanded).
    kind: 'top', name: 'reviews', description: 'Radar reviews of payments flagged for a manual look, open and closed.',
    path: '/v1/reviews', resource: 'review', keyProperties: ['id'], replication: 'created',
    alsoFrom: [{ parent: 'charges', field: 'review' }, { parent: 'payment_intents', field: 'review' }],
  },
  {
    kind: 'top', name: 'early_fraud_warnings', description: 'Radar early fraud warnings from card issuers.',
    path: '/v1/radar/early_fraud_warnings', resource: 'radar.early_fraud_warning', keyProperties: ['id'],
    replication: 'created',
  },
  {
    kind: 'top', name: 'checkout_sessions', description: 'Checkout sessions.',
    path: '/v1/checkout/sessions', resource: 'checkout.session', keyProperties: ['id'], replication: 'created',
  },
  {
    kind: 'child', name: 'checkout_session_line_items', description: 'Line items of a checkout session.',
    parent: 'checkout_sessions', parentKey: 'checkout_session', resource: 'item',
    keyProperties: ['checkout_session', 'id'],
    // "When retrieving a Checkout Session, there is an includable line_items property containing the first
    // handful of those items. There is also a URL where you can retrieve the full (paginated) list" (Stripe's
    // API reference, Retrieve a Checkout Session's line items): the sessions list embeds them, with their own
    // includable discounts and taxes, and only sessions with more are paged on from their last embedded item
    source: {
      kind: 'list', field: 'line_items', path: '/v1/checkout/sessions/{parent}/line_items', expand: ['data.discounts', 'data.taxes'],
    },
    parentExpand: ['data.line_items', 'data.line_items.data.discounts', 'data.line_items.data.taxes'],
  },
  {
    kind: 'top', name: 'payment_links', description: 'Payment links.',
    path: '/v1/payment_links', resource: 'payment_link', keyProperties: ['id'], replication: 'full',
  },
];
