import { Cadence } from '../src/engine/cadence';

describe('checkpoint cadence', () => {
  it('asks for a STATE after 10,000 records or 30 seconds since the last one, whichever comes first', () => {
    let now = 0;
    const cadence = new Cadence(10_000, 30_000, () => now);
    expect(cadence.due(9_999)).toBe(false);
    expect(cadence.due(10_000)).toBe(true);
    cadence.saved(10_000);
    now = 29_999;
    expect(cadence.due(10_500)).toBe(false);
    now = 30_000;
    expect(cadence.due(10_500)).toBe(true);
    cadence.saved(10_500);
    expect(cadence.due(10_500)).toBe(false);
  });
});
