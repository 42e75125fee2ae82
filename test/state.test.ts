import { bookmarkOf, emptyState, parseState, withBookmark } from '../src/engine/state';
import { ConfigError } from '../src/errors';

describe('state', () => {
  it('reads its own versioned format', () => {
    const state = parseState({ version: 1, bookmarks: { charges: { created: '2024-01-02T03:04:05Z' } } });
    expect(bookmarkOf(state, 'charges')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5) / 1000);
    expect(bookmarkOf(state, 'customers')).toBeUndefined();
  });

  it('reads offsets other than Z', () => {
    expect(parseState({ version: 1, bookmarks: { charges: { created: '2024-01-01T02:00:00+02:00' } } }).bookmarks['charges']).toEqual({ created: '2024-01-01T00:00:00Z' });
  });

  it('treats an empty object as a first run', () => {
    expect(parseState({})).toEqual(emptyState());
  });

  it('unwraps a Singer STATE message', () => {
    const state = parseState({ type: 'STATE', value: { version: 1, bookmarks: { plans: { created: '2020-01-01T00:00:00Z' } } } });
    expect(state.bookmarks['plans']).toEqual({ created: '2020-01-01T00:00:00Z' });
  });

  it('migrates unversioned unix-second bookmarks', () => {
    const state = parseState({ bookmarks: { charges: { created: 1_600_000_000 } } });
    expect(state).toEqual({ version: 1, bookmarks: { charges: { created: '2020-09-13T12:26:40Z' } } });
  });

  it.each([
    [[], 'state: must be a JSON object'],
    [{ version: 7, bookmarks: {} }, 'state version 7 is not supported'],
    [{ version: 1, bookmarks: [] }, '"bookmarks" must be an object'],
    [{ version: 1, bookmarks: { charges: 'x' } }, 'bookmarks.charges must be an object'],
    [{ version: 1, bookmarks: { charges: { created: 'yesterday' } } }, 'bookmarks.charges.created must be an RFC3339 date-time with a time zone (or unix seconds), got "yesterday"'],
    [{ version: 1, bookmarks: { charges: { created: '2024-01-01T00:00:00' } } }, 'got "2024-01-01T00:00:00"'],
    [{ version: 1, bookmarks: { charges: { created: 1_700_000_000_000 } } }, 'got 1700000000000'],
  ])('rejects %j with a clear message', (raw, message) => {
    expect(() => parseState(raw)).toThrow(ConfigError);
    expect(() => parseState(raw)).toThrow(message);
  });

  it('never moves a bookmark backwards', () => {
    const s1 = withBookmark(emptyState(), 'charges', 2000);
    expect(bookmarkOf(withBookmark(s1, 'charges', 1000), 'charges')).toBe(2000);
    expect(bookmarkOf(withBookmark(s1, 'charges', 3000), 'charges')).toBe(3000);
    expect(bookmarkOf(emptyState(), 'charges')).toBeUndefined();
  });
});
