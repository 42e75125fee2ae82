/** Airbyte translation units: state both ways, deletes, field selection, stream statuses, failure types. */
import { PassThrough, Writable } from 'node:stream';
import { airbyteStream, parseConfiguredCatalog } from '../src/airbyte/catalog';
import { fromAirbyteState, stateForRead, toAirbyteState } from '../src/airbyte/state';
import { catalogEntry } from '../src/catalog';
import { emptyState, parseState, STATE_VERSION } from '../src/engine/state';
import { AuthError, ConfigError, FatalApiError, InternalError, PermissionError, RetriableApiError } from '../src/errors';
import { AirbyteOutput, failureType } from '../src/protocol/airbyte';
import { MessageWriter } from '../src/protocol/writer';
import { findStream } from '../src/streams';

const tapState = { version: STATE_VERSION, bookmarks: { charges: { created: '2024-05-01T00:00:00Z' } }, events: { created: '2024-05-02T00:00:00Z' } };

describe('Airbyte state', () => {
  it('is GLOBAL: shared keys (version, events cursor, any later key) in shared_state, one stream_state per stream', () => {
    expect(toAirbyteState(tapState, ['charges', 'customers'], 7)).toEqual({
      type: 'STATE',
      state: {
        type: 'GLOBAL',
        global: {
          shared_state: { version: STATE_VERSION, events: { created: '2024-05-02T00:00:00Z' } },
          stream_states: [
            { stream_descriptor: { name: 'charges' }, stream_state: { created: '2024-05-01T00:00:00Z' } },
            { stream_descriptor: { name: 'customers' }, stream_state: {} },
          ],
        },
        sourceStats: { recordCount: 7 },
      },
    });
  });

  it('carries the bookmarks of the lookups that read a stream through others, there and back', () => {
    const at = '2024-05-01T00:00:00Z';
    const value = { version: STATE_VERSION, bookmarks: { reviews: { created: at }, reviews_from_charges: { created: at, synced: at }, charges: { created: at } }, events: { created: at } };
    const message = toAirbyteState(value, ['reviews'], 0);
    const global = (message['state'] as { global: { shared_state: Record<string, unknown> } }).global;
    expect(global.shared_state['lookups']).toEqual({ reviews_from_charges: { created: at, synced: at } });
    const back = parseState(fromAirbyteState([message['state']], 'state'));
    expect(stateForRead(back, new Set(['reviews'])).bookmarks).toEqual({ reviews: { created: at }, reviews_from_charges: { created: at, synced: at } });
  });

  it('comes back as the same tap state from the array Airbyte passes, or from one message', () => {
    const message = toAirbyteState(tapState, ['charges', 'customers'], 7);
    const state = (message as { state: object }).state;
    expect(fromAirbyteState([state], 's')).toEqual(tapState);
    expect(fromAirbyteState(state, 's')).toEqual(tapState);
    expect(fromAirbyteState([message], 's')).toEqual(tapState); // whole STATE AirbyteMessages, as copied from stdout
  });

  it('reads per-stream STATE messages, LEGACY data, an empty object, and a plain tap state', () => {
    const streams = [
      { type: 'STREAM', stream: { stream_descriptor: { name: 'charges' }, stream_state: { created: '2024-05-01T00:00:00Z' } } },
      { type: 'STREAM', stream: { stream_descriptor: { name: 'customers' }, stream_state: {} } },
    ];
    expect(fromAirbyteState(streams, 's')).toEqual({ bookmarks: { charges: { created: '2024-05-01T00:00:00Z' } } });
    expect(fromAirbyteState({ type: 'LEGACY', data: tapState }, 's')).toEqual(tapState);
    expect(fromAirbyteState({}, 's')).toEqual({});
    expect(fromAirbyteState([], 's')).toEqual({});
    expect(fromAirbyteState(tapState, 's')).toEqual(tapState);
    expect(parseState(fromAirbyteState([], 's'))).toEqual(emptyState());
  });

  it('refuses what is not a state message, saying where', () => {
    expect(() => fromAirbyteState([{ type: 'GLOBAL' }], 'state s.json')).toThrow(new ConfigError('state s.json: [0]: a GLOBAL state needs "global.stream_states" (an array)'));
    expect(() => fromAirbyteState([{ type: 'STREAM', stream: {} }], 's')).toThrow('s: [0].stream needs "stream_descriptor.name"');
    expect(() => fromAirbyteState([{ type: 'PER_STREAM' }], 's')).toThrow('unknown state type "PER_STREAM"');
    expect(() => fromAirbyteState('x', 's')).toThrow('must be a JSON array of Airbyte state messages');
  });

  it('a read keeps only the incremental streams\' bookmarks, and every shared key', () => {
    const state = { ...parseState(tapState), bookmarks: { charges: { created: '2024-05-01T00:00:00Z' }, customers: { created: '2024-05-01T00:00:00Z' } } };
    const kept = stateForRead(state, new Set(['customers']));
    expect(kept.bookmarks).toEqual({ customers: { created: '2024-05-01T00:00:00Z' } });
    expect(kept.version).toBe(STATE_VERSION);
  });
});

describe('deletes carry _ab_cdc_deleted_at', () => {
  const deleted = { ...catalogEntry(findStream('charges')!) };
  deleted.schema = { ...deleted.schema, properties: { ...deleted.schema.properties, _sdc_deleted_at: { type: ['string', 'null'], format: 'date-time' } } };

  it('in discover\'s json_schema', () => {
    const stream = airbyteStream(deleted) as { json_schema: { properties: Record<string, unknown> } };
    expect(stream.json_schema.properties['_ab_cdc_deleted_at']).toEqual({ type: ['string', 'null'], format: 'date-time' });
    expect(stream.json_schema.properties['_sdc_deleted_at']).toBeUndefined();
  });

  it('in RECORD data, and a configured json_schema with it keeps the column', async () => {
    const configured = parseConfiguredCatalog({
      streams: [{ stream: { name: 'charges', json_schema: { type: 'object', properties: { id: {}, _ab_cdc_deleted_at: {} } } }, sync_mode: 'incremental', destination_sync_mode: 'append_dedup' }],
    }, 'c');
    expect(configured.selections[0]!.deselected.has('_sdc_deleted_at')).toBe(false);
    const { output, lines } = capture(['charges'], configured.fields);
    await output.record('charges', { id: 'ch_1', amount: 5, created: '2024-01-01T00:00:00Z', _sdc_deleted_at: '2024-05-01T00:00:00Z' }, new Date(1_714_521_600_000));
    expect((await lines()).find((m) => m['type'] === 'RECORD')).toEqual({
      type: 'RECORD', record: { stream: 'charges', data: { id: 'ch_1', created: '2024-01-01T00:00:00Z', _ab_cdc_deleted_at: '2024-05-01T00:00:00Z' }, emitted_at: 1_714_521_600_000 },
    });
  });
});

describe('custom-field columns', () => {
  it('keep their metadata key through discover and back, so a read fills them', () => {
    const stream = airbyteStream(catalogEntry(findStream('customers')!, new Map([['metadata_crm_id', 'CRM Id']]))) as { name: string; json_schema: object };
    expect(stream.json_schema).toMatchObject({ properties: { metadata_crm_id: { type: ['string', 'null'], 'tap-stripe.metadata-key': 'CRM Id' } } });
    const { selections } = parseConfiguredCatalog({ streams: [{ stream, sync_mode: 'full_refresh', destination_sync_mode: 'overwrite' }] }, 'c');
    expect(selections[0]!.metadataColumns).toEqual(new Map([['metadata_crm_id', 'CRM Id']]));
  });
});

describe('the configured catalog', () => {
  const configured = (stream: Record<string, unknown>, rest: Record<string, unknown> = {}) =>
    ({ streams: [{ stream: { json_schema: {}, supported_sync_modes: ['full_refresh', 'incremental'], ...stream }, sync_mode: 'incremental', destination_sync_mode: 'append', ...rest }] });

  it('accepts the default cursor or none, and refuses a cursor the stream cannot sync by', () => {
    expect(parseConfiguredCatalog(configured({ name: 'charges' }, { cursor_field: ['created'] }), 'c').incremental).toEqual(new Set(['charges']));
    expect(parseConfiguredCatalog(configured({ name: 'invoice_lines' }, { cursor_field: [] }), 'c').incremental).toEqual(new Set(['invoice_lines']));
    expect(() => parseConfiguredCatalog(configured({ name: 'charges' }, { cursor_field: ['amount'] }), 'c'))
      .toThrow('c: streams[0] (charges): cursor_field ["amount"] is not supported; it must be one of ["created"], ["updated"]');
    expect(() => parseConfiguredCatalog(configured({ name: 'invoice_lines' }, { cursor_field: ['created'] }), 'c')).toThrow('it must be one of ["updated"]');
  });

  it('refuses a stream configured twice, and a catalog that is not one', () => {
    const twice = { streams: [...configured({ name: 'charges' }).streams, ...configured({ name: 'charges' }).streams] };
    expect(() => parseConfiguredCatalog(twice, 'c')).toThrow('c: streams[1]: "charges" is configured twice');
    expect(() => parseConfiguredCatalog({ streams: [{}] }, 'c')).toThrow('c: streams[0] needs "stream.name"');
    expect(() => parseConfiguredCatalog([], 'c')).toThrow('must be a ConfiguredAirbyteCatalog');
  });
});

describe('stream statuses', () => {
  it('STARTED, RUNNING at the first record (or before the end), then COMPLETE or INCOMPLETE; close ends the rest', async () => {
    const { output, lines } = capture([]);
    await output.started(['a', 'b', 'c']);
    await output.record('a', { id: 1 }, new Date());
    await output.finished([{ stream: 'a', complete: true }, { stream: 'b', complete: false }]);
    await output.close();
    const statuses = (await lines()).filter((m) => m['type'] === 'TRACE')
      .map((m) => (m['trace'] as { stream_status: { stream_descriptor: { name: string }; status: string } }).stream_status)
      .map((s) => `${s.stream_descriptor.name} ${s.status}`);
    expect(statuses).toEqual(['a STARTED', 'b STARTED', 'c STARTED', 'a RUNNING', 'a COMPLETE', 'b RUNNING', 'b INCOMPLETE', 'c RUNNING', 'c INCOMPLETE']);
  });
});

describe('a page of records while stdout is full', () => {
  it('keeps RUNNING, then the records in order, then the STATE that follows them', async () => {
    let text = '';
    // a reader that takes each chunk a little later, and whose buffer is full at once
    const out = new Writable({
      highWaterMark: 1,
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString();
        setTimeout(done, 2);
      },
    });
    const writer = new MessageWriter(out);
    const output = new AirbyteOutput(writer, ['charges']);
    await output.started(['charges']);
    await Promise.all(['ch_1', 'ch_2', 'ch_3'].map((id) => output.record('charges', { id }, new Date())));
    await output.state({ version: STATE_VERSION, bookmarks: { charges: { created: '2024-05-01T00:00:00Z' } } });
    await writer.close();
    const order = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>).map((m) => (
      m['type'] === 'RECORD' ? m['record']['data']['id'] : m['type'] === 'TRACE' ? m['trace']['stream_status']['status'] : `STATE ${m['state']['sourceStats']['recordCount']}`
    ));
    expect(order).toEqual(['STARTED', 'RUNNING', 'ch_1', 'ch_2', 'ch_3', 'STATE 3']);
  });
});

describe('failure types', () => {
  it.each([
    [new ConfigError('x'), 'config_error'],
    [new AuthError('x'), 'config_error'],
    [new PermissionError('x'), 'config_error'],
    [new RetriableApiError('x'), 'transient_error'],
    [new FatalApiError('x'), 'system_error'],
    [new InternalError('x'), 'system_error'],
  ])('%p is %s', (error, type) => {
    expect(failureType(error)).toBe(type);
  });
});

function capture(stateStreams: string[], fields: Map<string, Set<string>> = new Map()): { output: AirbyteOutput; lines: () => Promise<Record<string, unknown>[]> } {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  const writer = new MessageWriter(out);
  return {
    output: new AirbyteOutput(writer, stateStreams, fields),
    lines: async () => {
      await writer.close();
      return text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    },
  };
}
