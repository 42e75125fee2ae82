import type { StreamDef, TopStreamDef } from './types';

/** Optional Stripe products: Issuing, Treasury, Identity, Terminal, Radar lists, Reporting. */
const created = (
  name: string, path: string, resource: string, description: string, feature?: string, more: Partial<TopStreamDef> = {},
): StreamDef => ({
  kind: 'top', name, path, resource, description, keyProperties: ['id'], replication: 'created',
  ...(feature ? { feature } : {}), ...more,
});
const full = (
  name: string, path: string, resource: string, description: string, feature?: string,
): TopStreamDef => ({
  kind: 'top', name, path, resource, description, keyProperties: ['id'], replication: 'full',
  ...(feature ? { feature } : {}),
});

export const productStreams: StreamDef[] = [
  created('issuing_authorizations', '/v1/issuing/authorizations', 'issuing.authorization', 'Issuing card authorizations.', 'Issuing'),
  created('issuing_cardholders', '/v1/issuing/cardholders', 'issuing.cardholder', 'Issuing cardholders.', 'Issuing'),
  created('issuing_cards', '/v1/issuing/cards', 'issuing.card', 'Issued cards.', 'Issuing'),
  created('issuing_transactions', '/v1/issuing/transactions', 'issuing.transaction', 'Issuing card transactions.', 'Issuing'),
  created('issuing_disputes', '/v1/issuing/disputes', 'issuing.dispute', 'Disputes of Issuing transactions.', 'Issuing'),
  {
    // GET /v1/issuing/tokens requires `card` (spec 2024-04-10: "Lists all Issuing Token objects for a given card")
    kind: 'child', name: 'issuing_tokens', description: 'Wallet tokens of issued cards (Apple Pay, Google Pay …).',
    parent: 'issuing_cards', parentKey: 'card', resource: 'issuing.token', keyProperties: ['id'],
    source: { kind: 'endpoint', path: '/v1/issuing/tokens?card={parent}', expand: ['data.network_data'] },
    retrieve: '/v1/issuing/tokens/{id}',
  },
  // features is includable: returned only when asked for
  created('treasury_financial_accounts', '/v1/treasury/financial_accounts', 'treasury.financial_account', 'Treasury financial accounts.', 'Treasury', { expand: ['data.features'] }),
  created('identity_verification_sessions', '/v1/identity/verification_sessions', 'identity.verification_session', 'Identity verification sessions.', 'Identity'),
  created('identity_verification_reports', '/v1/identity/verification_reports', 'identity.verification_report', 'Identity verification reports.', 'Identity'),
  { ...full('radar_value_lists', '/v1/radar/value_lists', 'radar.value_list', 'Radar value lists (allow and block lists; read whole every run: they change without an event).'), deletable: true },
  created('reporting_report_runs', '/v1/reporting/report_runs', 'reporting.report_run', 'Runs of Stripe financial reports.'),
  { ...full('terminal_locations', '/v1/terminal/locations', 'terminal.location', 'Terminal locations.', 'Terminal'), deletable: true },
  { ...full('terminal_readers', '/v1/terminal/readers', 'terminal.reader', 'Terminal card readers.', 'Terminal'), deletable: true },
  { ...full('webhook_endpoints', '/v1/webhook_endpoints', 'webhook_endpoint', 'Webhook endpoints configured on the account.'), deletable: true },
  full('billing_portal_configurations', '/v1/billing_portal/configurations', 'billing_portal.configuration', 'Customer portal configurations.'),
  full('payment_method_domains', '/v1/payment_method_domains', 'payment_method_domain', 'Domains registered for wallets such as Apple Pay.'),
];
