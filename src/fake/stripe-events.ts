/**
 * The events Stripe writes when an object of a stream is created, updated or deleted: the fake's own table,
 * kept apart from the tap's map (src/streams/events.ts) so that a wrong route in the tap fails the tests
 * instead of being copied by the fake. Types are the 2024-04-10 `enabled_events` enum of the OpenAPI spec
 * (a test checks each against it); the choice per change follows Stripe's event descriptions ("Occurs
 * whenever …"), e.g. a new charge is `charge.succeeded` (there is no `charge.created`), a canceled
 * subscription `customer.subscription.deleted`, a payment method added to a customer `payment_method.attached`.
 */
export interface StripeWrites {
  created?: string;
  updated?: string;
  deleted?: string;
}

export const STRIPE_WRITES: Readonly<Record<string, StripeWrites>> = {
  accounts: { updated: 'account.updated' },
  application_fees: { created: 'application_fee.created' },
  application_fee_refunds: { updated: 'application_fee.refund.updated' },
  billing_portal_configurations: { created: 'billing_portal.configuration.created', updated: 'billing_portal.configuration.updated' },
  capabilities: { updated: 'capability.updated' },
  charges: { created: 'charge.succeeded', updated: 'charge.updated' },
  checkout_sessions: { updated: 'checkout.session.completed' },
  coupons: { created: 'coupon.created', updated: 'coupon.updated', deleted: 'coupon.deleted' },
  credit_notes: { created: 'credit_note.created', updated: 'credit_note.updated' },
  customers: { created: 'customer.created', updated: 'customer.updated', deleted: 'customer.deleted' },
  customer_sources: { created: 'customer.source.created', updated: 'customer.source.updated', deleted: 'customer.source.deleted' },
  disputes: { created: 'charge.dispute.created', updated: 'charge.dispute.updated' },
  early_fraud_warnings: { created: 'radar.early_fraud_warning.created', updated: 'radar.early_fraud_warning.updated' },
  external_accounts: {
    created: 'account.external_account.created', updated: 'account.external_account.updated', deleted: 'account.external_account.deleted',
  },
  file_uploads: { created: 'file.created' },
  identity_verification_sessions: { created: 'identity.verification_session.created' },
  invoices: { created: 'invoice.created', updated: 'invoice.updated', deleted: 'invoice.deleted' },
  invoice_items: { created: 'invoiceitem.created', deleted: 'invoiceitem.deleted' },
  issuing_authorizations: { created: 'issuing_authorization.created', updated: 'issuing_authorization.updated' },
  issuing_cardholders: { created: 'issuing_cardholder.created', updated: 'issuing_cardholder.updated' },
  issuing_cards: { created: 'issuing_card.created', updated: 'issuing_card.updated' },
  issuing_disputes: { created: 'issuing_dispute.created', updated: 'issuing_dispute.updated' },
  issuing_tokens: { created: 'issuing_token.created', updated: 'issuing_token.updated' },
  issuing_transactions: { created: 'issuing_transaction.created', updated: 'issuing_transaction.updated' },
  payment_intents: { created: 'payment_intent.created', updated: 'payment_intent.succeeded' },
  payment_links: { created: 'payment_link.created', updated: 'payment_link.updated' },
  payment_methods: { created: 'payment_method.attached', updated: 'payment_method.updated', deleted: 'payment_method.detached' },
  payouts: { created: 'payout.created', updated: 'payout.updated' },
  persons: { created: 'person.created', updated: 'person.updated', deleted: 'person.deleted' },
  plans: { created: 'plan.created', updated: 'plan.updated', deleted: 'plan.deleted' },
  prices: { created: 'price.created', updated: 'price.updated', deleted: 'price.deleted' },
  products: { created: 'product.created', updated: 'product.updated', deleted: 'product.deleted' },
  promotion_codes: { created: 'promotion_code.created', updated: 'promotion_code.updated' },
  quotes: { created: 'quote.created', updated: 'quote.finalized' },
  refunds: { created: 'refund.created', updated: 'refund.updated' },
  reporting_report_runs: { updated: 'reporting.report_run.succeeded' },
  reviews: { created: 'review.opened', updated: 'review.closed' },
  setup_intents: { created: 'setup_intent.created', updated: 'setup_intent.succeeded' },
  subscriptions: { created: 'customer.subscription.created', updated: 'customer.subscription.updated' },
  subscription_schedules: { created: 'subscription_schedule.created', updated: 'subscription_schedule.updated' },
  tax_ids: { created: 'customer.tax_id.created', updated: 'customer.tax_id.updated', deleted: 'customer.tax_id.deleted' },
  tax_rates: { created: 'tax_rate.created', updated: 'tax_rate.updated' },
  test_clocks: { created: 'test_helpers.test_clock.created', deleted: 'test_helpers.test_clock.deleted' },
  topups: { created: 'topup.created', updated: 'topup.succeeded' },
  transfers: { created: 'transfer.created', updated: 'transfer.updated' },
  treasury_financial_accounts: { created: 'treasury.financial_account.created' },
};
