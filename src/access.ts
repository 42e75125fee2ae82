/**
 * Which streams a key can read, found with one small request per endpoint: a restricted key (`rk_…`) has a
 * permission per resource, and Stripe answers 403 naming the missing `rak_…` permission
 * (https://docs.stripe.com/keys#limit-access). Child streams embedded in their parent need only the parent's
 * permission, plus the expansion they need; children with an endpoint of their own are tried with a real
 * parent's id.
 */
import { classifyStreamError } from './engine/classify';
import { runPool } from './engine/scheduler';
import { AuthError, PermissionError, UnavailableError, asTapError } from './errors';
import { childrenOf, STREAMS, type ChildStreamDef, type JsonObject, type TopStreamDef } from './streams';
import type { StripeClient } from './stripe/client';
import { isListObject } from './stripe/paginate';
import type { Query } from './stripe/query';

export type Access = 'readable' | 'refused' | 'unavailable' | 'unknown';

export interface StreamAccess {
  stream: string;
  access: Access;
  /** The missing permission (refused), or what happened (unavailable, unknown). */
  detail?: string;
  /** A child stream read through its parent's request: the parent's name. */
  via?: string;
}

/** How many parents a probe asks for, to find one that has children to try. */
const PROBE_PAGE = 10;

export async function probeAccess(client: StripeClient, concurrency: number): Promise<StreamAccess[]> {
  const roots = STREAMS.filter((d): d is TopStreamDef => d.kind === 'top');
  const found: StreamAccess[] = [];
  await runPool(roots, concurrency, async (root) => {
    found.push(...(await probeFamily(client, root)));
  });
  return found.sort((a, b) => a.stream.localeCompare(b.stream));
}

async function probeFamily(client: StripeClient, root: TopStreamDef): Promise<StreamAccess[]> {
  const list = root.replication !== 'snapshot';
  let parents: JsonObject[] = [];
  const rootAccess = await attempt(root, async () => {
    const body = await client.get(root.path, list ? { ...(root.params ?? {}), limit: PROBE_PAGE } : {}, { stream: root.name });
    parents = isListObject(body) ? body.data : [];
  });
  const children = childrenOf(root.name);
  if (rootAccess.access !== 'readable') {
    return [rootAccess, ...children.map((c) => ({ ...rootAccess, stream: c.name, via: root.name }))];
  }
  const probes = children.map((child) => probeChild(client, root, child, parents));
  return [rootAccess, ...(await Promise.all(probes))];
}

function probeChild(client: StripeClient, root: TopStreamDef, child: ChildStreamDef, parents: JsonObject[]): Promise<StreamAccess> {
  const context = { stream: child.name };
  if (child.source.kind === 'endpoint') {
    const source = child.source;
    const parent = parents.find((p) => child.when?.(p) ?? true);
    if (!parent) return Promise.resolve({ stream: child.name, access: 'unknown', detail: `no ${root.name} object to try it with` });
    const query: Query = { ...(source.params ?? {}), ...(source.unpaged ? {} : { limit: 1 }) };
    return attempt(child, () => client.get(source.path.replace('{parent}', encodeURIComponent(String(parent['id']))), query, context));
  }
  if (child.parentExpand && child.parentExpand.length > 0) {
    const expand = child.parentExpand;
    return attempt(child, () => client.get(root.path, { ...(root.params ?? {}), limit: 1, 'expand[]': expand }, context));
  }
  return Promise.resolve({ stream: child.name, access: 'readable' });
}

async function attempt(def: TopStreamDef | ChildStreamDef, request: () => Promise<unknown>): Promise<StreamAccess> {
  try {
    await request();
    return { stream: def.name, access: 'readable' };
  } catch (raw) {
    const error = asTapError(raw);
    if (error instanceof AuthError) throw error;
    if (error instanceof PermissionError) return { stream: def.name, access: 'refused', detail: /rak_\w+/.exec(error.message)?.[0] ?? 'a read permission' };
    const classified = def.kind === 'top' ? classifyStreamError(def, error) : error;
    if (classified instanceof UnavailableError) return { stream: def.name, access: 'unavailable', detail: classified.message };
    return { stream: def.name, access: 'unknown', detail: classified.describe() };
  }
}

/** One paragraph for a person: what the key reads, what it cannot and which permission that needs. */
export function describeAccess(found: readonly StreamAccess[]): { ok: boolean; message: string } {
  const by = (a: Access) => found.filter((f) => f.access === a);
  const readable = by('readable');
  const refused = by('refused');
  const parts = [`the restricted key reads ${readable.length} of ${found.length} streams`];
  if (refused.length > 0 && readable.length > 0) parts.push(`it can read ${readable.map((r) => r.stream).join(', ')}`);
  if (refused.length > 0) {
    const needs = (r: StreamAccess) => `${r.stream} (needs ${r.detail ?? 'a read permission'}${r.via ? `, read with ${r.via}` : ''})`;
    parts.push(`it cannot read ${refused.map(needs).join(', ')}; grant those permissions to the key in the Stripe dashboard (Developers > API keys) or deselect the streams`);
  }
  const unavailable = by('unavailable');
  if (unavailable.length > 0) parts.push(`not used on this account: ${unavailable.map((u) => u.stream).join(', ')}`);
  const unknown = by('unknown');
  if (unknown.length > 0) parts.push(`not checked: ${unknown.map((u) => `${u.stream} (${u.detail ?? '?'})`).join(', ')}`);
  return { ok: readable.length > 0, message: parts.join('. ') };
}
