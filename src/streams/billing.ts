import type { StreamDef } from './types';

/** Customers and everything billed to them. */
export const billingStreams: StreamDef[] = [
  {
    kind: 'top', name: 'customers', description: 'Customers.',
    path: '/v1/customers', resource: 'customer', keyProperties: ['id'], replication: 'created', testClocks: true,
    expand: ['data.tax'], // includable; sources, tax_ids and subscriptions have streams of their own
  },
  {
    kind: 'child', name: 'customer_sources', description: "A customer's payment sources (cards, bank accounts, sources).",
    parent: 'customers', parentKey: 'customer', resource: 'payment_source', keyProperties: ['customer', 'id'],
    source: { kind: 'list', field: 'sources', path: '/v1/customers/{parent}/sources' }, parentExpand: ['data.sources'],
    retrieve: '/v1/customers/{parent}/sources/{id}',
  },
  {
    kind: 'child', name: 'customer_balance_transactions', description: "Changes to a customer's credit balance.",
    parent: 'customers', parentKey: 'customer', resource: 'customer_balance_transaction', keyProperties: ['customer', 'id'],
    source: { kind: 'endpoint', path: '/v1/customers/{parent}/balance_transactions' },
    retrieve: '/v1/customers/{parent}/balance_transactions/{id}',
  },
  {
    kind: 'child', name: 'tax_ids', description: "Customers' tax IDs.",
    parent: 'customers', parentKey: 'customer', resource: 'tax_id', keyProperties: ['customer', 'id'],
    source: { kind: 'list', field: 'tax_ids', path: '/v1/customers/{parent}/tax_ids' }, parentExpand: ['data.tax_ids'],
    retrieve: '/v1/customers/{parent}/tax_ids/{id}',
  },
  {
    kind: 'top', name: 'invoices', description: 'Invoices.',
    path: '/v1/invoices', resource: 'invoice', keyProperties: ['id'], replication: 'created',
  },
  {
    kind: 'child', name: 'invoice_lines', description: 'Line items of an invoice.',
    parent: 'invoices', parentKey: 'invoice', resource: 'line_item', keyProperties: ['invoice', 'id'],
    source: { kind: 'list', field: 'lines', path: '/v1/invoices/{parent}/lines' },
  },
  {
    kind: 'child', name: 'invoice_discounts', description: 'Discounts applied to an invoice.',
    parent: 'invoices', parentKey: 'invoice', resource: 'discount', keyProperties: ['invoice', 'id'],
    source: { kind: 'array', field: 'discounts' }, parentExpand: ['data.discounts'],
  },
  {
    kind: 'top', name: 'invoice_items', description: 'Invoice items (one-off charges added to invoices).',
    path: '/v1/invoiceitems', resource: 'invoiceitem', keyProperties: ['id'], replication: 'created', replicationKey: 'date',
  },
  {
    kind: 'top', name: 'credit_notes', description: 'Credit notes issued against invoices.',
    path: '/v1/credit_notes', resource: 'credit_note', keyProperties: ['id'], replication: 'created',
  },
  {
    kind: 'child', name: 'credit_note_lines', description: 'Line items of a credit note.',
    parent: 'credit_notes', parentKey: 'credit_note', resource: 'credit_note_line_item', keyProperties: ['credit_note', 'id'],
    source: { kind: 'list', field: 'lines', path: '/v1/credit_notes/{parent}/lines' },
  },
  {
    kind: 'top', name: 'subscriptions', description: 'Subscriptions of every status, canceled ones included.',
    path: '/v1/subscriptions', resource: 'subscription', keyProperties: ['id'], replication: 'created',
    params: { status: 'all' }, testClocks: true,
  },
  {
    kind: 'child', name: 'subscription_items', description: 'Items (prices and quantities) of a subscription.',
    parent: 'subscriptions', parentKey: 'subscription', resource: 'subscription_item', keyProperties: ['subscription', 'id'],
    source: { kind: 'list', field: 'items', path: '/v1/subscription_items?subscription={parent}' },
    retrieve: '/v1/subscription_items/{id}',
  },
  {
    kind: 'child', name: 'subscription_discounts', description: 'Discounts applied to a subscription.',
    parent: 'subscriptions', parentKey: 'subscription', resource: 'discount', keyProperties: ['subscription', 'id'],
    source: { kind: 'array', field: 'discounts' }, parentExpand: ['data.discounts'],
  },
  {
    kind: 'top', name: 'subscription_schedules', description: 'Subscription schedules.',
    path: '/v1/subscription_schedules', resource: 'subscription_schedule', keyProperties: ['id'], replication: 'created',
  },
  {
    kind: 'top', name: 'quotes', description: 'Quotes.',
    path: '/v1/quotes', resource: 'quote', keyProperties: ['id'], replication: 'full', testClocks: true,
  },
  {
    kind: 'top', name: 'test_clocks', description: 'Test clocks (test mode only).',
    path: '/v1/test_helpers/test_clocks', resource: 'test_helpers.test_clock', keyProperties: ['id'], replication: 'full',
    testModeOnly: true,
    deletable: true,
  },
];
