// Past the parser's one JSON.parse, the Advanced Trade connector's per-frame work allocates
// nothing that triggers a collection under --max-semi-space-size=1: l2_data updates that move the
// top (a quote each) and market_trades updates (a trade each), on pre-parsed frames. Trades run
// 0 GCs in a process of their own but are bounded, like the Exchange connector's matches (see
// coinbase-market-data-allocation.test.ts): in a process that ran other tests first, the parser's
// number readers can be inlined into a version that boxes doubles.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertNoGc } from '../../../support/allocation.js';
import { countGcs } from '../../../../src/shm/allocation-check.js';
import { CoinbaseAdvancedMarketData } from '../../../../src/data/venues/coinbase/coinbase-advanced-market-data.js';
import { MarketEvent } from '../../../../src/data/synthetic-market.js';

test('receiveMessage: 0 GCs over 300k pre-parsed l2_data updates, at most 40 over 300k market_trades updates', () => {
  const sum = new Float64Array(1);
  const md = new CoinbaseAdvancedMarketData({
    endpoints: { protocol: 'coinbase_advanced', wsBase: 'ws://127.0.0.1:1', restBase: '' },
    symbols: ['BTC/USD'],
    onEvent: (e) => { sum[0] += e[MarketEvent.price] + e[MarketEvent.ts] * 1e-12; },
    log: () => {},
  });
  md.connectionOpened();
  const envelope = (channel: string, sequence: number, events: unknown[]) =>
    ({ channel, client_id: '', timestamp: '2024-05-01T12:00:00.000001Z', sequence_num: sequence, events });
  const level = (side: string, price: string, qty: string) => ({ side, event_time: '2024-05-01T12:00:01.000001Z', price_level: price, new_quantity: qty });
  md.receiveMessage(envelope('l2_data', 0, [{ type: 'snapshot', product_id: 'BTC-USD', updates: [level('bid', '64000.00', '1'), level('offer', '64001.00', '1')] }]), 0);
  // Alternately add and remove a better bid: every update moves the top, so every one is a quote.
  const updates = [
    envelope('l2_data', 1, [{ type: 'update', product_id: 'BTC-USD', updates: [level('bid', '64000.50', '0.25')] }]),
    envelope('l2_data', 2, [{ type: 'update', product_id: 'BTC-USD', updates: [level('bid', '64000.50', '0')] }]),
  ];
  const quotesBefore = md.totals().quotes;
  // sequence_num must rise by one per frame (a jump is a gap), trade ids too (one seen is a
  // duplicate), across the warm-ups and attempts; small integers stay unboxed.
  let sequence = 1;
  assertNoGc('l2_data update', (i) => { const u = updates[i & 1]; u.sequence_num = sequence++; md.receiveMessage(u, 0); }, 300_000);
  const trade = { product_id: 'BTC-USD', trade_id: 1, price: '64000.00', size: '0.01', time: '2024-05-01T12:00:02.5Z', side: 'SELL' };
  const trades = envelope('market_trades', 0, [{ type: 'update', trades: [trade] }]);
  let tradeId = 1;
  const gcs = countGcs(() => { trades.sequence_num = sequence++; trade.trade_id = tradeId++; md.receiveMessage(trades, 0); }, 300_000);
  assert.ok(gcs.gcCount <= 40, `market_trades: GCs ${JSON.stringify(gcs.byType)}`);
  const t = md.totals();
  assert.ok(t.quotes - quotesBefore >= 300_000, `quotes ${t.quotes - quotesBefore}`);
  assert.ok(t.trades >= 300_000, `trades ${t.trades}`);
  assert.is(t.resyncs + t.sequence_gaps + t.duplicate_trades, 0);
  assert.ok(sum[0] > 0);
});

test.run();
