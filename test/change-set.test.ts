/** The changes a run's events add up to: the newest event per object, keyed as the stream keys its records. */
import { ChangeSet } from '../src/engine/change-set';
import { STRIPE_API_VERSION } from '../src/stripe/client';

const event = (type: string, object: Record<string, unknown>, created: number): Record<string, unknown> => ({
  id: `evt_${type}_${created}`, object: 'event', type, created, api_version: STRIPE_API_VERSION, data: { object },
});

describe('the changes of a run', () => {
  it('keep one change per payment method, whichever customer an event names (its records are keyed by id alone)', () => {
    const set = new ChangeSet(() => true);
    const pm = { id: 'pm_1', object: 'payment_method', customer: 'cus_1' };
    // one second, listed newest first: the detach, then the attach
    set.add(event('payment_method.detached', { ...pm, customer: null }, 100));
    set.add(event('payment_method.attached', pm, 100));
    expect(set.ordered().map((c) => `${c.def.name} ${c.id} ${c.action}`)).toEqual(['payment_methods pm_1 delete']);
  });

  it('keep the newest of an attach and a later detach', () => {
    const set = new ChangeSet(() => true);
    const pm = { id: 'pm_1', object: 'payment_method', customer: 'cus_1' };
    set.add(event('payment_method.detached', { ...pm, customer: null }, 101));
    set.add(event('payment_method.updated', pm, 100));
    expect(set.ordered().map((c) => `${c.id} ${c.action} ${c.time}`)).toEqual(['pm_1 delete 101']);
  });

  it('keep the changes of sources apart by customer (their records are keyed by customer and id)', () => {
    const set = new ChangeSet(() => true);
    set.add(event('customer.source.updated', { id: 'card_1', object: 'card', customer: 'cus_1' }, 100));
    set.add(event('customer.source.updated', { id: 'card_1', object: 'card', customer: 'cus_2' }, 100));
    expect(set.size).toBe(2);
  });
});
