/**
 * Streams of singer-io/tap-stripe (github.com/singer-io/tap-stripe, STREAM_SDK_OBJECTS) that tap-stripe has
 * under another name: the same Stripe objects, published as another table.
 */
export const RENAMED: Readonly<Record<string, string>> = {
  invoice_line_items: 'invoice_lines',
  balance_transactions: 'balance_history',
  payout_transactions: 'payout_balance_transactions',
};
