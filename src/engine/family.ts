import type { Selection } from '../catalog';
import { childrenOf, findStream, rootOf, type ChildStreamDef, type JsonObject, type StreamDef, type TopStreamDef } from '../streams';
import { contiguousEnd, planWindows, syncStart, type Window } from './plan';
import type { SchemaNode } from './transform';
import { bookmarkOf, type State } from './state';

export interface Member {
  selection: Selection;
  /** Where this member's sync starts (unix seconds); windows ending at or before it emit nothing for it. */
  start: number;
}

/** A top stream and its selected children: one list request feeds them all. */
export interface Family {
  root: TopStreamDef;
  /** The root's own selection, when the root itself is emitted. */
  rootMember?: Member;
  children: (Member & { def: ChildStreamDef })[];
  windows: Window[];
  finished: Set<number>;
  /** End of the contiguous prefix of finished windows, once there is one. */
  committed?: number;
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
  windowSeconds: number;
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

/** The stream a definition's records are published in. */
export function publishedName(def: StreamDef): string {
  return def.kind === 'child' && def.stream ? def.stream : def.name;
}

/** Whether a stream's objects can arrive through several members of one run (so each is emitted once). */
export function arrivesTwice(def: StreamDef): boolean {
  return (def.kind === 'child' && def.stream !== undefined) || (def.kind === 'top' && (def.alsoFrom ?? []).length > 0);
}

/** One family's windows: from the earliest member start to the run's end (one window for full and snapshot). */
export function planFamily(selections: readonly Selection[], input: PlanInput): Family {
  const first = selections[0];
  if (!first) throw new Error('a family needs at least one stream');
  const root = rootOf(first.def);
  const incremental = root.replication === 'created';
  const member = (selection: Selection): Member => ({
    selection,
    start: incremental
      ? syncStart({ startDate: input.startDate, lookbackSeconds: input.lookbackSeconds, ...optionalBookmark(input.state, selection.def.name) })
      : Number.NEGATIVE_INFINITY,
  });
  const rootSelection = selections.find((s) => s.def.name === root.name);
  const children = selections
    .filter((s) => s.def.kind === 'child')
    .map((s) => ({ ...member(s), def: s.def as ChildStreamDef }));
  const family: Family = { root, children, windows: [], finished: new Set() };
  if (rootSelection) family.rootMember = member(rootSelection);
  if (!incremental) {
    family.windows = [{ start: Number.NEGATIVE_INFINITY, end: Number.POSITIVE_INFINITY }];
    return family;
  }
  const start = Math.min(...members(family).map((m) => m.start));
  family.windows = planWindows(start, input.end, input.windowSeconds, input.historyStart);
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
  const family: Family = selection ? planFamily([selection], input) : { root, children: [], windows: [], finished: new Set() };
  if (family.rootMember) family.rootMember.start = Math.max(family.rootMember.start, oldestEvent);
  if (feed) family.feed = feed;
  const start = Math.min(family.rootMember?.start ?? Number.POSITIVE_INFINITY, feed?.start ?? Number.POSITIVE_INFINITY);
  family.windows = planWindows(start, input.end, input.windowSeconds);
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
export function emits(member: Member, window: Window): boolean {
  return member.start < window.end;
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
  const fields = familyExpand(root, childrenOf(root.name)).filter((e) => !own.has(e)).map((e) => e.replace(/^data\./, ''));
  return new Set(fields.filter((f) => !f.includes('.') && !(f in (schema.properties ?? {}))));
}

/**
 * Marks a window finished. Returns the new commit point when the contiguous prefix of finished windows
 * grew (the bookmarks may move there), else undefined.
 */
export function finishWindow(family: Family, index: number): number | undefined {
  family.finished.add(index);
  const end = contiguousEnd(family.windows, family.finished);
  if (end === undefined || end === family.committed || !Number.isFinite(end)) return undefined;
  family.committed = end;
  return end;
}

/** A run of consecutive windows of one family, read with one list request while it holds at most a page. */
export interface Range {
  family: Family;
  first: number;
  last: number;
  /** Read the family's objects attached to this test clock instead (all of them; no window, no bookmark). */
  testClock?: string;
}

/** How many windows one probing request covers on a first pass (a year of 30-day windows). */
export const WINDOWS_PER_PROBE = 12;

/** The family's windows in runs of `size`: each is first read whole, and split into its windows only when dense. */
export function probeRanges(family: Family, size = WINDOWS_PER_PROBE): Range[] {
  const ranges: Range[] = [];
  for (let first = 0; first < family.windows.length; first += size) {
    ranges.push({ family, first, last: Math.min(family.windows.length, first + size) - 1 });
  }
  return ranges;
}

/** The single-window ranges a dense range splits into. */
export function splitRange(range: Range): Range[] {
  const out: Range[] = [];
  for (let i = range.first; i <= range.last; i += 1) out.push({ family: range.family, first: i, last: i });
  return out;
}

/** The time span a range covers. */
export function rangeWindow(range: Range): Window {
  return { start: range.family.windows[range.first]!.start, end: range.family.windows[range.last]!.end };
}
