/**
 * Which endpoint a path is, derived from the stream declarations.
 */
import { STREAMS, rootOf } from '../streams';
import type { ChildStreamDef, StreamDef, TopStreamDef } from '../streams/types';

export type Route =
  | { kind: 'list'; def: TopStreamDef; queryChildren: QueryChild[] }
  | { kind: 'retrieve'; def: TopStreamDef; id: string }
  /** One child object (`/v1/customers/{parent}/sources/{id}`; `parentId` absent where the path has no parent). */
  | { kind: 'childRetrieve'; def: ChildStreamDef; parentId?: string; id: string }
  | { kind: 'child'; def: ChildStreamDef; parentId: string }
  /** A list filtered by a parent given in the query (`/v1/subscription_items?subscription=`). */
  | { kind: 'queryChild'; queryChildren: QueryChild[] }
  | { kind: 'balance'; def: TopStreamDef }
  | { kind: 'account' };

export interface QueryChild {
  param: string;
  def: ChildStreamDef;
}

interface Pattern {
  regex: RegExp;
  make(id: string, second?: string): Route;
}

const exact = new Map<string, Route>();
const patterns: Pattern[] = [];

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function init(): void {
  const tops = STREAMS.filter((s): s is TopStreamDef => s.kind === 'top');
  for (const def of tops) {
    if (def.replication === 'snapshot') exact.set(def.path, { kind: 'balance', def });
    else exact.set(def.path, { kind: 'list', def, queryChildren: [] });
  }
  exact.set('/v1/account', { kind: 'account' });
  for (const def of STREAMS) {
    if (def.kind !== 'child' || (def.source.kind !== 'list' && def.source.kind !== 'endpoint')) continue;
    const [path = '', query] = def.source.path.split('?');
    if (query) {
      const param = query.split('=')[0] ?? '';
      const route = exact.get(path) ?? { kind: 'queryChild', queryChildren: [] };
      if (route.kind === 'list' || route.kind === 'queryChild') route.queryChildren.push({ param, def });
      exact.set(path, route);
    } else {
      const regex = new RegExp(`^${escape(path).replace(escape('{parent}'), '([^/]+)')}$`);
      patterns.push({ regex, make: (parentId) => ({ kind: 'child', def, parentId }) });
    }
  }
  for (const def of STREAMS) {
    if (def.kind !== 'child' || !def.retrieve) continue;
    const withParent = def.retrieve.includes('{parent}');
    const regex = new RegExp(`^${escape(def.retrieve).replace(escape('{parent}'), '([^/]+)').replace(escape('{id}'), '([^/]+)')}$`);
    patterns.push({
      regex,
      make: (first, second) => (withParent && second !== undefined
        ? { kind: 'childRetrieve', def, parentId: first, id: second }
        : { kind: 'childRetrieve', def, id: first }),
    });
  }
  for (const def of tops) {
    if (def.replication === 'snapshot') continue;
    patterns.push({ regex: new RegExp(`^${escape(def.path)}/([^/]+)$`), make: (id) => ({ kind: 'retrieve', def, id }) });
  }
}

export function matchRoute(path: string): Route | undefined {
  if (exact.size === 0) init();
  const hit = exact.get(path);
  if (hit) return hit;
  for (const p of patterns) {
    const m = p.regex.exec(path);
    if (m?.[1]) {
      try {
        return p.make(decodeURIComponent(m[1]), m[2] === undefined ? undefined : decodeURIComponent(m[2]));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The stream a route serves (a child's own stream for child routes), if any. */
export function routeStream(route: Route): StreamDef | undefined {
  switch (route.kind) {
    case 'list':
    case 'retrieve':
    case 'child':
    case 'childRetrieve':
    case 'balance':
      return route.def;
    case 'queryChild':
      return route.queryChildren[0]?.def;
    default:
      return undefined;
  }
}

/** The top stream whose product/legacy status governs a route. */
export function routeRoot(route: Route): TopStreamDef | undefined {
  const def = routeStream(route);
  return def ? rootOf(def) : undefined;
}

/** Stripe's restricted-key permission name for reading a path (`rak_charge_read`). */
export function permissionFor(path: string): string {
  const route = matchRoute(path);
  const resource = route ? routeStream(route)?.resource ?? 'account' : path.split('/')[2] ?? 'unknown';
  return `rak_${resource.replace(/^legacy\./, '').replace(/[.]/g, '_')}_read`;
}
