/** Which streams change capture follows in a run, and the state the run starts from (pure functions). */
import { selectAll } from '../src/catalog';
import { planChanges, startingState } from '../src/engine/change-plan';
import { eventsCursorOf, parseState, syncedBefore, withBookmark } from '../src/engine/state';

const DAY = 86_400;
const NOW = Date.UTC(2024, 5, 1) / 1000;
const at = (seconds: number): string => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
const only = (...names: string[]) => selectAll().filter((s) => names.includes(s.def.name));
const settings = { now: NOW, lookbackSeconds: 0, startDate: 0 };

describe('the state a run starts from', () => {
  it('remembers, for a stream read again past the 30 days, which of its objects were synced before', () => {
    const state = parseState({ version: 2, bookmarks: { customers: { created: at(NOW - 40 * DAY) } }, events: { created: at(NOW - 40 * DAY) } });
    const start = startingState(state, planChanges(only('customers'), state, settings), new Set(['customers']), NOW);
    expect(start.bookmarks['customers']).toEqual({ created: '1970-01-01T00:00:00Z', synced: at(NOW - 40 * DAY) });
    // a re-read killed half way: what it has not reached yet is still as the warehouse knows it
    const half = withBookmark(start, 'customers', NOW - 50 * DAY);
    expect(half.bookmarks['customers']!.synced).toBe(at(NOW - 40 * DAY));
    expect(syncedBefore(parseState(JSON.parse(JSON.stringify(half))), 'customers')).toBe(NOW - 40 * DAY);
    // past it, the bookmark says it all
    expect(withBookmark(half, 'customers', NOW - 39 * DAY).bookmarks['customers']).toEqual({ created: at(NOW - 39 * DAY) });
  });

  it('counts all of a stream as synced before while its re-read has read nothing and knows no boundary', () => {
    const state = parseState({ version: 2, bookmarks: { customers: { created: '1970-01-01T00:00:00Z' } } });
    expect(syncedBefore(state, 'customers')).toBe(Number.POSITIVE_INFINITY);
    expect(syncedBefore(state, 'charges')).toBeUndefined();
    // and writes the run's end down for it, so that a first commit does not forget it
    const start = startingState(state, planChanges(only('customers'), state, settings), new Set(['customers']), NOW);
    expect(start.bookmarks['customers']).toMatchObject({ created: '1970-01-01T00:00:00Z', synced: at(NOW) });
    expect(syncedBefore(withBookmark(start, 'customers', NOW - DAY), 'customers')).toBe(NOW);
  });

  it('gives a stream left out of the run the events cursor it had, so that selecting it later catches up', () => {
    const state = parseState({ version: 2, bookmarks: { charges: { created: at(NOW - DAY) } }, events: { created: at(NOW - 2 * DAY) } });
    const selections = only('customers');
    const start = startingState(state, planChanges(selections, state, settings), new Set(['customers']), NOW);
    expect(start.bookmarks['charges']).toEqual({ created: at(NOW - DAY), events: at(NOW - 2 * DAY) });
  });

  it('keeps a stream left out of the run without an events cursor when the state has none (so that it is read again)', () => {
    const state = parseState({ version: 2, bookmarks: { charges: { created: at(NOW - DAY) } } });
    const selections = only('customers');
    const start = startingState(state, planChanges(selections, state, settings), new Set(['customers']), NOW);
    // the run then sets the state's cursor: the left-out stream must not look covered by it
    const after = { ...start, events: { created: at(NOW) } };
    const later = planChanges(only('charges'), after, settings);
    expect(later.reread.map((r) => r.stream)).toEqual(['charges']);
    expect(eventsCursorOf(after, 'charges')).toBeLessThan(NOW - 30 * DAY);
  });
});
