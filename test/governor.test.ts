import { RateGovernor } from '../src/stripe/governor';

describe('rate governor', () => {
  it('starts at the budget, slows down on 429 and recovers to the budget, never beyond', () => {
    const g = new RateGovernor(50);
    expect(g.interval).toBe(50);
    expect(g.rateLimited()).toBe(75);
    expect(g.rateLimited()).toBe(113);
    let last = g.interval;
    for (let i = 0; i < 5; i += 1) {
      const next = g.succeeded();
      expect(next).toBeLessThan(last);
      last = next;
    }
    for (let i = 0; i < 100; i += 1) g.succeeded();
    expect(g.interval).toBe(50);
  });

  it('caps the slowdown', () => {
    const g = new RateGovernor(10);
    for (let i = 0; i < 50; i += 1) g.rateLimited();
    expect(g.interval).toBe(200);
  });

  it('slows down even from a zero interval', () => {
    expect(new RateGovernor(0, 1.5, 0.95, 100).rateLimited()).toBe(1);
  });
});
