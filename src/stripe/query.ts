/** Stripe's query-string style: `created[gte]=1&expand[]=data.tiers`. Values of arrays repeat the key. */
export type QueryValue = string | number | boolean | readonly string[];
export type Query = Record<string, QueryValue | undefined>;

export function encodeQuery(query: Query): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(v))}`);
  }
  return parts.join('&');
}

/** Appends a query to a path that may already carry one (child endpoints such as `/v1/subscription_items?subscription=…`). */
export function withQuery(path: string, query: Query): string {
  const encoded = encodeQuery(query);
  if (!encoded) return path;
  return `${path}${path.includes('?') ? '&' : '?'}${encoded}`;
}
