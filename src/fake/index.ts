/**
 * An in-repo fake of the Stripe API's read endpoints, for end-to-end tests, the demo and benchmarks.
 */
export { buildDataset } from './build';
export { Dataset, tapExpand, type ChangeOptions, type DatasetOptions } from './dataset';
export { BASE_COUNTS } from './populate';
export type { Entry } from './collection';
export { maskKey, type FakeResponse } from './errors';
export { handleGet, type RouterPolicy } from './router';
export { parseQuery } from './query';
export {
  DEFAULT_API_KEY, type FailureFn, type FailureRequest, type FailureSpec, type FakeStripeKnobs,
} from './knobs';
export { randomFaults, type FaultMix } from './faults';
export { startFakeStripe, type FakeStripe, type FakeStripeOptions } from './server';
export { FakeStats, type RequestRecord } from './stats';
