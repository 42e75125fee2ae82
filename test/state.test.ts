import { bookmarkOf, emptyState, eventsCursorOf, parseState, withBookmark } from '../src/engine/state';
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

  it('migrates unversioned unix-second bookmarks, with an events cursor at the oldest bookmark', () => {
    const state = parseState({ bookmarks: { charges: { created: 1_600_000_000 }, customers: { created: 1_600_000_100 } } });
    expect(state).toEqual({
      version: 2,
      bookmarks: { charges: { created: '2020-09-13T12:26:40Z' }, customers: { created: '2020-09-13T12:28:20Z' } },
      events: { created: '2020-09-13T12:26:40Z' },
    });
  });

  it('migrates version 1: bookmarks kept, the events cursor at the oldest one', () => {
    const state = parseState({ version: 1, bookmarks: { charges: { created: '2024-05-01T00:00:00Z' }, invoices: { created: '2024-04-01T00:00:00Z' } } });
    expect(state.version).toBe(2);
    expect(state.bookmarks['charges']).toEqual({ created: '2024-05-01T00:00:00Z' });
    expect(state.events).toEqual({ created: '2024-04-01T00:00:00Z' });
  });

  it('reads version 2 with its events cursor, per-stream cursors and full-table ids', () => {
    const raw = {
      version: 2, bookmarks: { charges: { created: '2024-05-01T00:00:00Z', events: '2024-04-30T00:00:00Z' } },
      events: { created: '2024-05-02T00:00:00Z' }, full: { webhook_endpoints: { ids: ['we_1'] } },
    };
    expect(parseState(raw)).toEqual(raw);
    expect(eventsCursorOf(parseState(raw), 'charges')).toBe(Date.UTC(2024, 3, 30) / 1000);
    expect(eventsCursorOf(parseState(raw), 'customers')).toBe(Date.UTC(2024, 4, 2) / 1000);
  });

  it('leaves the events cursor of a version 2 state without one undefined (change capture then re-reads)', () => {
    expect(parseState({ version: 2, bookmarks: { charges: { created: '2024-05-01T00:00:00Z' } } }).events).toBeUndefined();
  });

  it.each([
    [[], 'state: must be a JSON object'],
    [{ version: 7, bookmarks: {} }, 'state version 7 is not supported'],
    [{ version: 1, bookmarks: [] }, '"bookmarks" must be an object'],
    [{ version: 1, bookmarks: { charges: 'x' } }, 'bookmarks.charges must be an object'],
    [{ version: 1, bookmarks: { charges: { created: 'yesterday' } } }, 'bookmarks.charges.created must be an RFC3339 date-time with a time zone (or unix seconds), got "yesterday"'],
    [{ version: 1, bookmarks: { charges: { created: '2024-01-01T00:00:00' } } }, 'got "2024-01-01T00:00:00"'],
    [{ version: 1, bookmarks: { charges: { created: 1_700_000_000_000 } } }, 'got 1700000000000'],
    [{ version: 3, bookmarks: {} }, 'state version 3 is not supported (this tap writes version 2)'],
    [{ version: 2, bookmarks: {}, events: { created: 'soon' } }, 'events.created must be an RFC3339 date-time'],
    [{ version: 2, bookmarks: {}, full: { webhook_endpoints: { ids: [1] } } }, 'full.webhook_endpoints.ids must be an array of ids'],
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
