/**
 * Which streams change capture serves in a run, from where, and which must be read again from their start
 * because Stripe no longer holds the events they need. Pure functions over the state.
 */
import type { Selection } from '../catalog';
import { rootOf } from '../streams';
import { toRfc3339, toUnixSeconds } from '../time';
import { DAY, syncStart } from './plan';
import { REREAD_BOOKMARK, bookmarkOf, eventsCursorOf, syncedBefore, type State } from './state';

/** Stripe keeps events for 30 days ("List events, going back up to 30 days", GET /v1/events in the spec). */
export const EVENT_RETENTION_SECONDS = 30 * DAY;
/** A cursor this close to the edge of the retention is treated as past it: the read takes time. */
export const RETENTION_MARGIN_SECONDS = 3600;

export interface CapturedStream {
  selection: Selection;
  /**
   * `all`: updates and deletes; `deletes`: tombstones only (a full-table stream, or one whose history is read
   * again from its start in this run: it is read whole anyway).
   */
  mode: 'all' | 'deletes';
  /** Objects created at or after this are read by history in this run: no need to re-read them for a change. */
  historyStart: number;
}

export interface ChangePlan {
  captured: Map<string, CapturedStream>;
  /** Where change capture's read of `/v1/events` starts (unix seconds); undefined: nothing to capture. */
  start?: number;
  /** Streams whose history is read again: their events cursor is missing, or older than Stripe keeps events. */
  reread: { stream: string; cursor?: number }[];
  /** `start_date` (unix seconds, 0 without one): objects created before it are not synced, changed or not. */
  startDate: number;
}

export interface PlanSettings {
  now: number;
  lookbackSeconds: number;
  startDate: number;
}

/** The cursor is usable when every event from it (minus the lookback) is still held by Stripe. */
export function cursorExpired(cursor: number, settings: Pick<PlanSettings, 'now' | 'lookbackSeconds'>): boolean {
  return cursor - settings.lookbackSeconds < settings.now - EVENT_RETENTION_SECONDS + RETENTION_MARGIN_SECONDS;
}

/**
 * A selected stream is captured when it was synced before: a window stream with a bookmark (its objects may
 * have changed since), or any full-table stream (for deletes). The events stream itself is history only.
 */
export function planChanges(selections: readonly Selection[], state: State, settings: PlanSettings): ChangePlan {
  const captured = new Map<string, CapturedStream>();
  const reread: ChangePlan['reread'] = [];
  const cursors: number[] = [];
  const global = state.events ? toUnixSeconds(state.events.created) : undefined;
  for (const selection of selections) {
    const def = selection.def;
    const root = rootOf(def);
    if (root.replication === 'snapshot' || def.name === 'events') continue;
    if (root.replication === 'full') {
      if (global !== undefined && !cursorExpired(global, settings)) {
        captured.set(def.name, { selection, mode: 'deletes', historyStart: Number.POSITIVE_INFINITY });
        cursors.push(global);
      }
      continue;
    }
    const bookmark = bookmarkOf(state, def.name);
    if (bookmark === undefined) continue;
    const cursor = eventsCursorOf(state, def.name);
    if (cursor === undefined || cursorExpired(cursor, settings)) {
      reread.push({ stream: def.name, ...(cursor === undefined ? {} : { cursor }) });
      // reading history again brings back what exists, not what was deleted: the deletions Stripe still has
      // events for (its last 30 days) become tombstones, or the warehouse would keep those rows for good
      captured.set(def.name, { selection, mode: 'deletes', historyStart: Number.POSITIVE_INFINITY });
      cursors.push(settings.now - EVENT_RETENTION_SECONDS);
      continue;
    }
    const historyStart = syncStart({ bookmark, lookbackSeconds: settings.lookbackSeconds, startDate: settings.startDate });
    captured.set(def.name, { selection, mode: 'all', historyStart });
    cursors.push(cursor);
  }
  const plan: ChangePlan = { captured, reread, startDate: settings.startDate };
  if (cursors.length > 0) plan.start = Math.max(Math.min(...cursors) - settings.lookbackSeconds, settings.now - EVENT_RETENTION_SECONDS);
  return plan;
}


/**
 * The state the run starts from: the re-read streams' bookmarks go back to the start, and bookmarked streams
 * the run does not capture keep the events cursor they had (so that selecting them again later catches up
 * from there). A re-read stream keeps a bookmark rather than none: a run stopped before its first window is
 * read must leave it a stream change capture follows (its deletions), not one synced for the first time.
 */
export function startingState(state: State, plan: ChangePlan, selected: ReadonlySet<string>, end: number): State {
  const bookmarks = { ...state.bookmarks };
  // where the warehouse's rows end, so that a re-read resumed after a kill still knows which objects it reads
  // again: the bookmark it began from, or everything up to this run where that is not known
  const mark = (stream: string): { synced?: string } => {
    const synced = syncedBefore(state, stream);
    return synced === undefined ? {} : { synced: toRfc3339(Number.isFinite(synced) ? synced : end) };
  };
  for (const [stream, bookmark] of Object.entries(bookmarks)) {
    if (syncedBefore(state, stream) === Number.POSITIVE_INFINITY) bookmarks[stream] = { ...bookmark, ...mark(stream) };
  }
  for (const { stream } of plan.reread) bookmarks[stream] = { created: REREAD_BOOKMARK, ...mark(stream) };
  // without a cursor in the state, the one this run sets must not cover them: theirs is the start (expired)
  const global = state.events?.created ?? REREAD_BOOKMARK;
  for (const [stream, bookmark] of Object.entries(bookmarks)) {
    if (selected.has(stream) || bookmark.events !== undefined) continue;
    bookmarks[stream] = { ...bookmark, events: global };
  }
  return { ...state, bookmarks };
}
