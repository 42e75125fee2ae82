import { bookmarkOf, emptyState, eventsCursorOf, parseState, timeAhead, withBookmark } from '../src/engine/state';
import { reviewState } from '../src/state-review';
import { memoryLogger } from './helpers';
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

describe("singer-io/tap-stripe's state", () => {
  const t = (seconds: number): string => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

  it('migrates bookmarks of streams of the same name, with the oldest of its cursors as the events cursor', () => {
    const notes: string[] = [];
    const state = parseState({
      currently_syncing: 'charges',
      bookmarks: {
        charges: { created: 1_714_000_000 }, invoices: { date: 1_713_000_000 }, invoice_items: { date: 1_714_500_000 },
        charges_events: { updates_created: 1_712_000_000 }, invoices_events: { updates_created: 1_714_100_000 },
      },
    }, 'state s.json', notes);
    expect(state).toEqual({
      version: 2,
      bookmarks: { charges: { created: t(1_714_000_000) }, invoices: { created: t(1_713_000_000) }, invoice_items: { created: t(1_714_500_000) } },
      events: { created: t(1_712_000_000) },
    });
    expect(notes).toEqual([`state s.json: a state without a version (singer-io/tap-stripe's format, or Airbyte STREAM states): bookmarks of charges, invoices, invoice_items migrated, events cursor ${t(1_712_000_000)}`]);
  });

  it('starts the streams it has under another name over: their tables are new', () => {
    const notes: string[] = [];
    const state = parseState({ bookmarks: { invoice_line_items: { date: 1_714_000_000 }, balance_transactions: { created: 1_714_000_000 }, payouts: { created: 1_714_000_000 } } }, 'state', notes);
    expect(Object.keys(state.bookmarks)).toEqual(['payouts']);
    expect(notes[0]).toContain('read from the start, as their tables are new: invoice_lines (invoice_line_items there), balance_history (balance_transactions there)');
  });

  it('keeps the cursor of a migrated stream no later than its bookmark', () => {
    const state = parseState({ bookmarks: { charges: { created: 1_714_000_000 }, charges_events: { updates_created: 1_715_000_000 } } });
    expect(state.events).toEqual({ created: t(1_714_000_000) });
  });

  it.each([
    [{ bookmarks: { payout_transactions: { id: 'po_1' } } }, 'bookmarks.payout_transactions holds no time tap-stripe can read (keys: id; expected created); remove the entry'],
    [{ bookmarks: { charges: {} } }, 'bookmarks.charges holds no time tap-stripe can read (it is empty'],
    [{ bookmarks: { invoices: { created: 1_714_000_000, date: 1_713_000_000 } } }, 'bookmarks.invoices has both created (2024-04-24T23:06:40Z) and date (2024-04-13T09:20:00Z), which disagree'],
    [{ bookmarks: { charges_events: { updates_created: 'soon' } } }, 'bookmarks.charges_events.updates_created must be an RFC3339 date-time'],
  ])('refuses what it cannot read unambiguously: %j', (raw, message) => {
    expect(() => parseState(raw)).toThrow(message);
  });

  it('unwraps Meltano\'s singer_state', () => {
    expect(parseState({ singer_state: { version: 2, bookmarks: { charges: { created: '2024-01-01T00:00:00Z' } } } }).bookmarks).toEqual({ charges: { created: '2024-01-01T00:00:00Z' } });
  });
});

describe('a state ahead of the clock', () => {
  it('names the first time more than a few minutes ahead of now', () => {
    const now = Date.UTC(2024, 0, 1) / 1000;
    const state = parseState({ version: 2, bookmarks: { charges: { created: '2024-01-01T00:04:00Z' }, invoices: { created: '2024-01-02T00:00:00Z' } } });
    expect(timeAhead(state, now)).toBe('bookmarks.invoices.created 2024-01-02T00:00:00Z');
    expect(timeAhead(parseState({ version: 2, bookmarks: {}, events: { created: '2030-01-01T00:00:00Z' } }), now)).toBe('events.created 2030-01-01T00:00:00Z');
    expect(timeAhead(parseState({ version: 2, bookmarks: { charges: { created: '2024-01-01T00:04:00Z' } } }), now)).toBeUndefined();
  });
});

describe('bookmarks a state holds', () => {
  it('warns about names no stream has, not about the lookups that read a stream through others', () => {
    const { log, lines } = memoryLogger();
    const at = '2024-05-01T00:00:00Z';
    reviewState(parseState({ version: 2, bookmarks: { reviews_from_charges: { created: at }, reviews_from_payment_intents: { created: at }, charges: { created: at }, charge_events: { created: at } } }), log);
    expect(lines.filter((l) => l.includes('is not a tap-stripe stream'))).toEqual([
      'WARNING state: "charge_events" is not a tap-stripe stream (a state from another tap or version?); its bookmark is not used',
    ]);
  });
});
