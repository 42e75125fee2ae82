/** "Did you mean …?" for names a person typed: settings, streams, flags. */
import { distance } from 'fastest-levenshtein';

/** Case, hyphens and spaces do not count: `Window-Days` is `window_days`. */
function normal(name: string): string {
  return name.trim().toLowerCase().replace(/[-\s]+/g, '_');
}

/**
 * The known name `given` most likely is a typo of, or undefined when none is close: at most 2 edits (3 for
 * long names), after case, hyphens and spaces are ignored.
 */
export function closestName(given: string, known: readonly string[]): string | undefined {
  const typed = normal(given);
  let best: { name: string; edits: number } | undefined;
  for (const name of known) {
    const edits = distance(typed, normal(name));
    if (best === undefined || edits < best.edits) best = { name, edits };
  }
  if (!best) return undefined;
  const allowed = typed.length > 12 ? 3 : typed.length > 4 ? 2 : 1;
  return best.edits <= allowed ? best.name : undefined;
}

/** `; did you mean window_days?`, or '' when nothing is close. */
export function didYouMean(given: string, known: readonly string[], prefix = ''): string {
  const name = closestName(given, known);
  return name === undefined ? '' : `; did you mean ${prefix}${name}?`;
}
