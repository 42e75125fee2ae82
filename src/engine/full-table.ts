/**
 * Deletes in full-table streams that Stripe deletes without an event (webhook endpoints, Terminal readers …):
 * the state keeps the ids the last complete read emitted, and the ones a later complete read no longer lists
 * become tombstones. Pure functions.
 */
import type { State } from './state';

/** At most this many ids are kept per stream; a larger table gets no tombstones (with a warning). */
export const MAX_FULL_IDS = 10_000;

/** The ids of the last read that this read no longer lists. */
export function vanished(previous: readonly string[] | undefined, seen: ReadonlySet<string>): string[] {
  return (previous ?? []).filter((id) => !seen.has(id));
}

/** The state with the stream's ids (sorted, so that the state is stable), or without them when there are too many. */
export function withFullIds(state: State, stream: string, seen: ReadonlySet<string>): State {
  const full = { ...state.full };
  if (seen.size > MAX_FULL_IDS) delete full[stream];
  else full[stream] = { ids: [...seen].sort() };
  return { ...state, full };
}
