import type { Selection } from '../catalog';
import { childrenOf, findStream, rootOf, type ChildStreamDef, type JsonObject, type StreamDef, type TopStreamDef } from '../streams';
import { syncStart } from './plan';
import type { SchemaNode } from './transform';
import { bookmarkOf, syncedBefore, type State } from './state';
import { WindowPlan, type HistoryWindow, type Sizing } from './windows';

export interface Member {
  selection: Selection;
  /** Where this member's sync starts (unix seconds); windows ending at or before it emit nothing for it. */
  start: number;
  /**
   * Objects created before this (unix seconds) may be in the warehouse already, from an earlier run, maybe in
   * a version change capture emitted with a later `updated`: read again, their `updated` is the run's end.
   */
  syncedBefore?: number;
}

/** A top stream and its selected children: one list request feeds them all. */
export interface Family {
  root: TopStreamDef;
  /** The root's own selection, when the root itself is emitted. */
  rootMember?: Member;
  children: (Member & { def: ChildStreamDef })[];
  /** The family's history windows (one whole window for full-table and snapshot streams). */
  plan: WindowPlan;
  /** The events family only: every event created at or after `start` also goes to change capture. */
  feed?: { start: number; sink: (event: JsonObject) => void };
}

export interface PlanInput {
  state: State;
  startDate: number;
  /** Where the account's history begins (its creation date): the span before it is a single window. */
  historyStart: number;
  end: number;
  lookbackSeconds: number;
  sizing: Sizing;
  /** The state the run began with, before the re-read streams' bookmarks went back to the start. */
  before: State;
}

/**
 * Groups the selected streams by the top stream they are read through, in selection order. A stream that is
 * also read from other streams' records (`alsoFrom`) joins those families too, as a hidden child.
 */
export function groupFamilies(selections: readonly Selection[]): Map<string, Selection[]> {
  const groups = new Map<string, Selection[]>();
  const add = (root: string, selection: Selection): void => {
    groups.set(root, [...(groups.get(root) ?? []), selection]);
  };
  for (const selection of selections) {
    add(rootOf(selection.def).name, selection);
    if (selection.def.kind === 'top') for (const def of lookupDefs(selection.def)) add(def.parent, { ...selection, def });
  }
  return groups;
}

/** The hidden child streams that read a stream's objects where other streams' records name them (`alsoFrom`). */
export function lookupDefs(def: TopStreamDef): ChildStreamDef[] {
  return (def.alsoFrom ?? []).map(({ parent, field }) => ({
    kind: 'child', name: `${def.name}_from_${parent}`, stream: def.name, parent, parentKey: field,
    description: `${def.name} named by ${parent}.${field}`, resource: def.resource, keyProperties: def.keyProperties,
    source: { kind: 'expanded', field, path: `${def.path}/{id}` }, parentExpand: [`data.${field}`],
  }));
}

/** The names of the lookups that read the given streams through others (`reviews_from_charges`). */
export function lookupNames(streams: Iterable<string>): string[] {
  return [...streams].flatMap((name) => {
    const def = findStream(name);
    return def?.kind === 'top' ? lookupDefs(def).map((d) => d.name) : [];
  });
}

/** The stream a definition's records are published in. */
export function publishedName(def: StreamDef): string {
  return def.kind === 'child' && def.stream ? def.stream : def.name;
}

/** Whether a stream's objects can arrive through several members of one run (so each is emitted once). */
export function arrivesTwice(def: StreamDef): boolean {
  return (def.kind === 'child' && def.stream !== undefined) || (def.kind === 'top' && (def.alsoFrom ?? []).length > 0);
}

/** One family's history: from the earliest member start to the run's end (one whole window for full and snapshot). */
export function planFamily(selections: readonly Selection[], input: PlanInput): Family {
  const first = selections[0];
  if (!first) throw new Error('a family needs at least one stream');
  const root = rootOf(first.def);
  const incremental = root.replication === 'created';
  const member = (selection: Selection): Member => {
    const before = syncedBefore(input.before, selection.def.name);
    return {
      selection,
      start: incremental
        ? syncStart({ startDate: input.startDate, lookbackSeconds: input.lookbackSeconds, ...optionalBookmark(input.state, selection.def.name) })
        : Number.NEGATIVE_INFINITY,
      ...(before === undefined ? {} : { syncedBefore: before }),
    };
  };
  const rootSelection = selections.find((s) => s.def.name === root.name);
  const children = selections
    .filter((s) => s.def.kind === 'child')
    .map((s) => ({ ...member(s), def: s.def as ChildStreamDef }));
  const family: Family = { root, children, plan: WindowPlan.whole() };
  if (rootSelection) family.rootMember = member(rootSelection);
  if (!incremental) return family;
  const start = Math.min(...members(family).map((m) => m.start));
  family.plan = new WindowPlan(start, input.end, input.historyStart, input.sizing);
  return family;
}

/**
 * The family that reads `/v1/events` once for the run: for the `events` stream (when selected, from its own
 * start, never before Stripe's oldest event) and for change capture (from `feed.start`). Undefined when
 * neither needs it.
 */
export function planEventsFamily(
  selection: Selection | undefined, feed: Family['feed'], input: PlanInput, oldestEvent: number,
): Family | undefined {
  if (!selection && !feed) return undefined;
  const root = findStream('events');
  if (!root || root.kind !== 'top') throw new Error('the events stream is not declared');
  const family: Family = selection ? planFamily([selection], input) : { root, children: [], plan: WindowPlan.whole() };
  if (family.rootMember) {
    family.rootMember.start = Math.max(family.rootMember.start, oldestEvent);
    delete family.rootMember.syncedBefore; // an event never changes: its `updated` stays its `created`
  }
  if (feed) family.feed = feed;
  const start = Math.min(family.rootMember?.start ?? Number.POSITIVE_INFINITY, feed?.start ?? Number.POSITIVE_INFINITY);
  family.plan = new WindowPlan(start, input.end, start, input.sizing);
  return family;
}

function optionalBookmark(state: State, stream: string): { bookmark?: number } {
  const bookmark = bookmarkOf(state, stream);
  return bookmark === undefined ? {} : { bookmark };
}

export function members(family: Family): Member[] {
  return [...(family.rootMember ? [family.rootMember] : []), ...family.children];
}

/** Whether a member emits the records of a window (its sync starts before the window ends). */
export function emits(member: Member, window: { end: number }): boolean {
  return member.start < window.end;
}

/** A list's `expand[]` values (`data.sources`) as they apply to one object of it (`sources`). */
export function forOneObject(expand: readonly string[]): string[] {
  return expand.map((e) => (e.startsWith('data.') ? e.slice('data.'.length) : e));
}

/** `expand[]` for the root's list requests: its own, plus what the children being read need. */
export function familyExpand(root: TopStreamDef, children: readonly ChildStreamDef[]): string[] {
  return [...new Set([...(root.expand ?? []), ...children.flatMap((c) => c.parentExpand ?? [])])];
}

/**
 * Top-level fields the root's list may expand only for its children (`data.sources` for customer_sources)
 * and that the root's schema leaves out (Stripe includes them only when asked): dropped from the root's
 * records, so that its columns do not depend on what else is selected, nor go stale when a child changes.
 */
export function childOnlyFields(root: TopStreamDef, schema: SchemaNode): Set<string> {
  const own = new Set(root.expand ?? []);
  const fields = forOneObject(familyExpand(root, childrenOf(root.name)).filter((e) => !own.has(e)));
  return new Set(fields.filter((f) => !f.includes('.') && !(f in (schema.properties ?? {}))));
}

/** One window of a family to read; or, with `testClock`, the family's objects attached to that test clock. */
export interface Task {
  family: Family;
  window: HistoryWindow;
  testClock?: string;
}
