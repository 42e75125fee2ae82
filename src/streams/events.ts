/**
 * Change capture's map: which Stripe event types change which stream, as a table. Every event type of API
 * version 2024-04-10 (the `enabled_events` enum of `POST /v1/webhook_endpoints` in the OpenAPI spec) is either
 * routed here or listed in IGNORED_EVENTS with the reason; a test checks both lists against the spec.
 *
 * An event's `data.object` is the object of the stream it is routed to, except where a route says otherwise.
 * Child streams take their parent's id from the object's field named by the child's `parentKey` (a card's
 * `customer`, a person's `account`); a child route whose object lacks it does not apply to that event.
 */

export type EventAction = 'upsert' | 'delete';

export interface EventRoute {
  stream: string;
  action: EventAction;
  /** Where the changed object's id is when `data.object` is not that object: the event's own `account` field. */
  idFrom?: 'event.account';
  /** For child streams: the field of `data.object` holding the parent id, when it is not the child's `parentKey`. */
  parentField?: string;
}

type Routes = Record<string, string[]>;

/** Event types whose object is created or changed (the current version is emitted). */
const UPSERTS: Routes = {
  accounts: ['account.updated'],
  application_fees: ['application_fee.created', 'application_fee.refunded'],
  application_fee_refunds: ['application_fee.refund.updated'],
  billing_portal_configurations: ['billing_portal.configuration.created', 'billing_portal.configuration.updated'],
  capabilities: ['capability.updated'],
  charges: [
    'charge.captured', 'charge.expired', 'charge.failed', 'charge.pending', 'charge.refunded', 'charge.succeeded',
    'charge.updated',
  ],
  checkout_sessions: [
    'checkout.session.async_payment_failed', 'checkout.session.async_payment_succeeded', 'checkout.session.completed',
    'checkout.session.expired',
  ],
  coupons: ['coupon.created', 'coupon.updated'],
  credit_notes: ['credit_note.created', 'credit_note.updated', 'credit_note.voided'],
  customers: ['customer.created', 'customer.updated'],
  customer_sources: [
    'customer.source.created', 'customer.source.updated', 'customer.source.expiring',
    // a Source object attached to a customer (data.object.customer); unattached sources belong to no stream
    'source.canceled', 'source.chargeable', 'source.failed',
  ],
  disputes: [
    'charge.dispute.closed', 'charge.dispute.created', 'charge.dispute.funds_reinstated', 'charge.dispute.funds_withdrawn',
    'charge.dispute.updated',
  ],
  early_fraud_warnings: ['radar.early_fraud_warning.created', 'radar.early_fraud_warning.updated'],
  external_accounts: ['account.external_account.created', 'account.external_account.updated'],
  file_uploads: ['file.created'],
  identity_verification_sessions: [
    'identity.verification_session.canceled', 'identity.verification_session.created',
    'identity.verification_session.processing', 'identity.verification_session.redacted',
    'identity.verification_session.requires_input', 'identity.verification_session.verified',
  ],
  invoices: [
    'invoice.created', 'invoice.finalization_failed', 'invoice.finalized', 'invoice.marked_uncollectible', 'invoice.paid',
    'invoice.payment_action_required', 'invoice.payment_failed', 'invoice.payment_succeeded', 'invoice.sent',
    'invoice.updated', 'invoice.voided',
  ],
  invoice_items: ['invoiceitem.created'],
  issuing_authorizations: ['issuing_authorization.created', 'issuing_authorization.request', 'issuing_authorization.updated'],
  issuing_cards: ['issuing_card.created', 'issuing_card.updated'],
  issuing_cardholders: ['issuing_cardholder.created', 'issuing_cardholder.updated'],
  issuing_disputes: [
    'issuing_dispute.closed', 'issuing_dispute.created', 'issuing_dispute.funds_reinstated', 'issuing_dispute.submitted',
    'issuing_dispute.updated',
  ],
  issuing_tokens: ['issuing_token.created', 'issuing_token.updated'],
  issuing_transactions: ['issuing_transaction.created', 'issuing_transaction.updated'],
  payment_intents: [
    'payment_intent.amount_capturable_updated', 'payment_intent.canceled', 'payment_intent.created',
    'payment_intent.partially_funded', 'payment_intent.payment_failed', 'payment_intent.processing',
    'payment_intent.requires_action', 'payment_intent.succeeded',
  ],
  payment_links: ['payment_link.created', 'payment_link.updated'],
  payment_methods: ['payment_method.attached', 'payment_method.automatically_updated', 'payment_method.updated'],
  payouts: [
    'payout.canceled', 'payout.created', 'payout.failed', 'payout.paid', 'payout.reconciliation_completed', 'payout.updated',
  ],
  persons: ['person.created', 'person.updated'],
  plans: ['plan.created', 'plan.updated'],
  prices: ['price.created', 'price.updated'],
  products: ['product.created', 'product.updated'],
  promotion_codes: ['promotion_code.created', 'promotion_code.updated'],
  quotes: ['quote.accepted', 'quote.canceled', 'quote.created', 'quote.finalized'],
  refunds: ['charge.refund.updated', 'refund.created', 'refund.updated'],
  reporting_report_runs: ['reporting.report_run.failed', 'reporting.report_run.succeeded'],
  reviews: ['review.closed', 'review.opened'],
  setup_intents: [
    'setup_intent.canceled', 'setup_intent.created', 'setup_intent.requires_action', 'setup_intent.setup_failed',
    'setup_intent.succeeded',
  ],
  // `customer.subscription.deleted` means canceled: the subscription is still there, with status `canceled`
  subscriptions: [
    'customer.subscription.created', 'customer.subscription.deleted', 'customer.subscription.paused',
    'customer.subscription.pending_update_applied', 'customer.subscription.pending_update_expired',
    'customer.subscription.resumed', 'customer.subscription.trial_will_end', 'customer.subscription.updated',
  ],
  subscription_schedules: [
    'subscription_schedule.aborted', 'subscription_schedule.canceled', 'subscription_schedule.completed',
    'subscription_schedule.created', 'subscription_schedule.expiring', 'subscription_schedule.released',
    'subscription_schedule.updated',
  ],
  tax_ids: ['customer.tax_id.created', 'customer.tax_id.updated'],
  tax_rates: ['tax_rate.created', 'tax_rate.updated'],
  terminal_readers: ['terminal.reader.action_failed', 'terminal.reader.action_succeeded'],
  test_clocks: [
    'test_helpers.test_clock.advancing', 'test_helpers.test_clock.created', 'test_helpers.test_clock.internal_failure',
    'test_helpers.test_clock.ready',
  ],
  topups: ['topup.canceled', 'topup.created', 'topup.failed', 'topup.reversed', 'topup.succeeded'],
  // transfer.reversed carries the transfer: its reversals are re-read with it
  transfers: ['transfer.created', 'transfer.reversed', 'transfer.updated'],
  treasury_financial_accounts: [
    'treasury.financial_account.closed', 'treasury.financial_account.created',
    'treasury.financial_account.features_status_updated',
  ],
  // a discount of a subscription or an invoice (data.object.subscription / .invoice); customer-level ones have no stream
  subscription_discounts: ['customer.discount.created', 'customer.discount.updated'],
  invoice_discounts: ['customer.discount.created', 'customer.discount.updated'],
};

/** Event types whose object is gone: they become tombstones. */
const DELETES: Routes = {
  coupons: ['coupon.deleted'],
  customers: ['customer.deleted'],
  customer_sources: ['customer.source.deleted'],
  external_accounts: ['account.external_account.deleted'],
  // only draft invoices can be deleted
  invoices: ['invoice.deleted'],
  invoice_items: ['invoiceitem.deleted'],
  // a detached payment method no longer belongs to the customer (key: the payment method's id alone)
  payment_methods: ['payment_method.detached'],
  persons: ['person.deleted'],
  plans: ['plan.deleted'],
  prices: ['price.deleted'],
  products: ['product.deleted'],
  tax_ids: ['customer.tax_id.deleted'],
  test_clocks: ['test_helpers.test_clock.deleted'],
  subscription_discounts: ['customer.discount.deleted'],
  invoice_discounts: ['customer.discount.deleted'],
};

/** Routes whose object is not `data.object` (Connect's application events name the account in `event.account`). */
const SPECIAL: Record<string, EventRoute[]> = {
  'account.application.authorized': [{ stream: 'accounts', action: 'upsert', idFrom: 'event.account' }],
  'account.application.deauthorized': [{ stream: 'accounts', action: 'delete', idFrom: 'event.account' }],
};

/** Where a child route finds its parent id in `data.object`, when not under the child's `parentKey`. */
const PARENT_FIELDS: Record<string, string> = { subscription_discounts: 'subscription', invoice_discounts: 'invoice' };

/** Event types of 2024-04-10 that change no stream of the tap, and why. */
export const IGNORED_EVENTS: Readonly<Record<string, string>> = {
  'balance.available': 'balance_snapshot is read whole every run',
  'billing_portal.session.created': 'portal sessions are not a stream',
  'cash_balance.funds_available': 'cash balances are not a stream',
  'customer_cash_balance_transaction.created': 'cash balance transactions are not a stream',
  'entitlements.active_entitlement_summary.updated': 'entitlements are not a stream',
  'invoice.upcoming': 'an upcoming invoice has no id and is not stored',
  'mandate.updated': 'mandates are not a stream',
  'reporting.report_type.updated': 'report types are not a stream',
  'sigma.scheduled_query_run.created': 'Sigma query runs are not a stream',
  'source.mandate_notification': 'a notice about a source, not a change of it',
  'source.refund_attributes_required': 'a notice about a source, not a change of it',
  'source.transaction.created': 'source transactions are not a stream',
  'source.transaction.updated': 'source transactions are not a stream',
  'tax.settings.updated': 'tax settings are not a stream',
};

/** Prefixes of whole product families without streams (Climate, Financial Connections, Treasury money movement). */
export const IGNORED_PREFIXES: Readonly<Record<string, string>> = {
  'climate.': 'Climate orders and products are not streams',
  'financial_connections.': 'Financial Connections accounts are not streams',
  'treasury.credit_reversal.': 'Treasury money movements are not streams',
  'treasury.debit_reversal.': 'Treasury money movements are not streams',
  'treasury.inbound_transfer.': 'Treasury money movements are not streams',
  'treasury.outbound_payment.': 'Treasury money movements are not streams',
  'treasury.outbound_transfer.': 'Treasury money movements are not streams',
  'treasury.received_credit.': 'Treasury money movements are not streams',
  'treasury.received_debit.': 'Treasury money movements are not streams',
};

function buildRoutes(): Map<string, EventRoute[]> {
  const routes = new Map<string, EventRoute[]>();
  const add = (type: string, route: EventRoute): void => {
    routes.set(type, [...(routes.get(type) ?? []), route]);
  };
  for (const [action, table] of [['upsert', UPSERTS], ['delete', DELETES]] as const) {
    for (const [stream, types] of Object.entries(table)) {
      const parentField = PARENT_FIELDS[stream];
      for (const type of types) add(type, { stream, action, ...(parentField ? { parentField } : {}) });
    }
  }
  for (const [type, list] of Object.entries(SPECIAL)) for (const route of list) add(type, route);
  return routes;
}

/** Event type → the streams it changes. */
export const EVENT_ROUTES: ReadonlyMap<string, readonly EventRoute[]> = buildRoutes();

/** Why an event type changes no stream, or undefined when it is routed or unknown. */
export function ignoredBecause(type: string): string | undefined {
  const exact = IGNORED_EVENTS[type];
  if (exact) return exact;
  const prefix = Object.keys(IGNORED_PREFIXES).find((p) => type.startsWith(p));
  return prefix ? IGNORED_PREFIXES[prefix] : undefined;
}

/** The event types that change a stream (upserts and deletes). */
export function eventTypesOf(stream: string): { upserts: string[]; deletes: string[] } {
  const upserts: string[] = [];
  const deletes: string[] = [];
  for (const [type, routes] of EVENT_ROUTES) {
    for (const route of routes) {
      if (route.stream !== stream) continue;
      (route.action === 'delete' ? deletes : upserts).push(type);
    }
  }
  return { upserts, deletes };
}
