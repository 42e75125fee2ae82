/**
 * Stripe-style query strings (`created[gte]=1`, `expand[]=data.tiers`, `expand[0]=…`, brackets raw or %5B%5D)
 * and the parameters of a list request.
 */
import type { CreatedRange } from './collection';
import { errors, type FakeResponse } from './errors';

export interface QueryParam {
  /** The whole key as sent (decoded), e.g. `created[gte]`. */
  key: string;
  /** Name before the first bracket, e.g. `created`. */
  name: string;
  /** Bracket parts, e.g. `['gte']`; `expand[]` gives `['']`. */
  path: string[];
  value: string;
}

export function parseQuery(search: string): QueryParam[] {
  const out: QueryParam[] = [];
  for (const [key, value] of new URLSearchParams(search.startsWith('?') ? search.slice(1) : search)) {
    const open = key.indexOf('[');
    if (open < 0) {
      out.push({ key, name: key, path: [], value });
      continue;
    }
    const path = [...key.slice(open).matchAll(/\[([^\]]*)\]/g)].map((m) => m[1] ?? '');
    out.push({ key, name: key.slice(0, open), path, value });
  }
  return out;
}

/** The last value of a plain (bracket-less) parameter. */
export function scalar(params: readonly QueryParam[], name: string): string | undefined {
  let value: string | undefined;
  for (const p of params) if (p.name === name && p.path.length === 0) value = p.value;
  return value;
}

/** Every value of an array parameter (`name[]`, `name[0]`, or repeated `name`). */
export function arrayValues(params: readonly QueryParam[], name: string): string[] {
  return params.filter((p) => p.name === name && p.path.length <= 1).map((p) => p.value);
}

export interface ListArgs {
  limit: number;
  startingAfter?: string;
  endingBefore?: string;
  created?: CreatedRange;
  /** expand[] values, `data.` removed (`data.tiers` → `tiers`). */
  expand: Set<string>;
}

export interface ListRules {
  /** The endpoint takes a `created` filter. */
  created: boolean;
  /** Other accepted parameter names (filters). */
  accepted: readonly string[];
  /** Reject parameters the endpoint does not declare, as Stripe does. */
  strict: boolean;
  /** A list endpoint (limit, cursors); false for `/v1/accounts/{id}/capabilities`-style lists and retrieves. */
  paged: boolean;
}

type Result<T> = { ok: T } | { error: FakeResponse };

function parseInteger(param: string, value: string): Result<number> {
  if (!/^-?\d+$/.test(value.trim())) return { error: errors.invalidInteger(param, value) };
  return { ok: Number(value.trim()) };
}

function parseCreated(params: readonly QueryParam[]): Result<CreatedRange | undefined> {
  const range: CreatedRange = {};
  let any = false;
  for (const p of params) {
    if (p.name !== 'created') continue;
    if (p.path.length > 1) return { error: errors.unknownParameter(p.key) };
    const op = p.path[0];
    const n = parseInteger(p.key, p.value);
    if ('error' in n) return n;
    const v = n.ok;
    any = true;
    if (op === undefined) {
      range.min = Math.max(range.min ?? -Infinity, v);
      range.max = Math.min(range.max ?? Infinity, v);
    } else if (op === 'gte') range.min = Math.max(range.min ?? -Infinity, v);
    else if (op === 'gt') range.min = Math.max(range.min ?? -Infinity, v + 1);
    else if (op === 'lte') range.max = Math.min(range.max ?? Infinity, v);
    else if (op === 'lt') range.max = Math.min(range.max ?? Infinity, v - 1);
    else return { error: errors.unknownParameter(p.key) };
  }
  return { ok: any ? range : undefined };
}

const PAGING = ['limit', 'starting_after', 'ending_before'];

/** Validates a request's parameters and reads the list ones. */
export function readListArgs(params: readonly QueryParam[], rules: ListRules): Result<ListArgs> {
  if (rules.strict) {
    const accepted = new Set(['expand', ...rules.accepted]);
    if (rules.paged) for (const p of PAGING) accepted.add(p);
    if (rules.created) accepted.add('created');
    const unknown = params.find((p) => !accepted.has(p.name));
    if (unknown) return { error: errors.unknownParameter(unknown.key) };
  }
  const expand = new Set(arrayValues(params, 'expand').map((e) => (e.startsWith('data.') ? e.slice(5) : e)));
  const args: ListArgs = { limit: 10, expand };
  if (!rules.paged) return { ok: { ...args, limit: Number.MAX_SAFE_INTEGER } };

  const limit = scalar(params, 'limit');
  if (limit !== undefined && limit !== '') {
    const n = parseInteger('limit', limit);
    if ('error' in n) return n;
    if (n.ok < 1) return { error: errors.outOfRange('limit', 'min', 1) };
    if (n.ok > 100) return { error: errors.outOfRange('limit', 'max', 100) };
    args.limit = n.ok;
  }
  const after = scalar(params, 'starting_after');
  const before = scalar(params, 'ending_before');
  if (after && before) return { error: errors.bothCursors() };
  if (after) args.startingAfter = after;
  if (before) args.endingBefore = before;
  if (rules.created) {
    const created = parseCreated(params);
    if ('error' in created) return created;
    if (created.ok) args.created = created.ok;
  }
  return { ok: args };
}
