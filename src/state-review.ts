import type { Selection } from './catalog';
import { bookmarkOf, type State } from './engine/state';
import type { Logger } from './log';
import { findStream } from './streams';

/**
 * Says so when a given state will quietly read nothing: a bookmark in the future (a state from another clock
 * or a hand edit) gives its stream no window to read, and a bookmark of a stream this tap does not have
 * (another tap's or another version's state) is never used.
 */
export function reviewState(state: State, selections: readonly Selection[], log: Logger, nowSeconds = Date.now() / 1000): void {
  const selected = new Set(selections.map((s) => s.def.name));
  for (const stream of Object.keys(state.bookmarks)) {
    if (!findStream(stream)) {
      log.warn(`state: "${stream}" is not a tap-stripe stream (a state from another tap or version?); its bookmark is not used`);
      continue;
    }
    const at = bookmarkOf(state, stream);
    if (selected.has(stream) && at !== undefined && at > nowSeconds) {
      log.warn(`${stream}: the state's bookmark ${state.bookmarks[stream]!.created} is in the future, so nothing is read for it until then; remove its bookmark (or reset the stream) to read it again`);
    }
  }
}
