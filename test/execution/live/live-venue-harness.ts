// A LiveOrderVenue on a simulated exchange's account, in the test's own thread, for the live
// venue tests: the account's keys in the environment the venue reads them from (restored after),
// every event the executor publishes collected, every log line kept, and everything closed in a
// finally.
import { LiveOrderVenue, type OrderVenueEndpoints } from '../../../src/execution/live/live-order-venue.js';
import type { OrderStyle } from '../../../src/execution/paper-fill-engine.js';
import { CollectingSink } from '../paper-fill-engine-fixture.js';

/** The executor's fee estimate: unlike any venue's rate, so a test can tell the venue's commission from it. */
export const ESTIMATED_FEE_BPS = 3;

export interface LiveVenueContext {
  venue: LiveOrderVenue;
  sink: CollectingSink;
  logs: string[];
}

export interface LiveVenueSetup {
  endpoints: OrderVenueEndpoints;
  symbols: string[];
  /** The environment variables the venue's keys are read from, and the account's values for them. */
  keys: Record<string, string>;
  orderStyle: OrderStyle;
}

export async function withLiveVenue(setup: LiveVenueSetup, fn: (ctx: LiveVenueContext) => Promise<void>): Promise<void> {
  const saved = Object.fromEntries(Object.keys(setup.keys).map((name) => [name, process.env[name]]));
  Object.assign(process.env, setup.keys);
  const sink = new CollectingSink();
  const logs: string[] = [];
  const ts = new Float64Array([1.7e15]);
  let venue: LiveOrderVenue | null = null;
  try {
    venue = new LiveOrderVenue(setup.endpoints, {
      symbols: setup.symbols, feeBps: ESTIMATED_FEE_BPS, makerFeeBps: ESTIMATED_FEE_BPS, orderStyle: setup.orderStyle, makerTtlMs: 0, maxOpenOrders: 16, rejects: new Float64Array(5),
      onPending: () => setImmediate(() => venue?.executor.drain(sink, ts, 0)), log: (m) => logs.push(m),
    });
    await venue.start();
    await fn({ venue, sink, logs });
  } finally {
    await venue?.close(2_000);
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** The kinds of the events published for client order `id`, in order. */
export const eventKindsOf = (sink: CollectingSink, id: number): number[] => sink.events.filter((e) => e.clientOrderId === id).map((e) => e.event);
