import { lookupNames } from './engine/family';
import type { State } from './engine/state';
import type { Logger } from './log';
import { STREAMS } from './streams';

/** The names bookmarks may have: every stream, and the lookups that read a stream through others (`reviews_from_charges`). */
const names = STREAMS.map((def) => def.name);
const BOOKMARKED = new Set([...names, ...lookupNames(names)]);

/**
 * Says so when a bookmark of the given state is never used: a stream this tap does not have (another tap's
 * or another version's state). (A bookmark in the future is refused once Stripe's clock is known: see sync.)
 */
export function reviewState(state: State, log: Logger): void {
  for (const stream of Object.keys(state.bookmarks)) {
    if (!BOOKMARKED.has(stream)) {
      log.warn(`state: "${stream}" is not a tap-stripe stream (a state from another tap or version?); its bookmark is not used`);
    }
  }
}
