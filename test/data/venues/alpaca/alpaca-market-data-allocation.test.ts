// Handing a decoded Alpaca frame to the pipeline (trades and quotes merged in time order into
// MarketEvent slots) allocates nothing: 0 GCs over 2M deliveries of a 6-message frame.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { countGcs, semiSpaceFlag } from '../../../../src/shm/allocation-check.js';
import { AlpacaMarketData } from '../../../../src/data/venues/alpaca/alpaca-market-data.js';
import { MarketEvent } from '../../../../src/data/synthetic-market.js';

test('deliverDecoded: 0 GCs over 2M frames', () => {
  assert.ok(semiSpaceFlag() !== undefined, 'run with --max-semi-space-size=1');
  const sum = new Float64Array(1);
  const order: number[] = [];
  let recording = true;
  const md = new AlpacaMarketData({
    endpoints: { wsBase: 'ws://127.0.0.1:1' }, feed: 'iex', symbols: ['AAPL', 'MSFT'], keyId: 'k', secretKey: 's',
    onEvent: (e) => {
      if (recording) order.push(e[MarketEvent.kind], e[MarketEvent.ts] % 1_000_000);
      sum[0] += e[MarketEvent.ts] * 1e-12 + e[MarketEvent.price];
    },
    log: () => {},
  });
  const p = md.protocol;
  p.onOpen();
  p.onFrame('[{"T":"success","msg":"connected"}]');
  p.onFrame('[{"T":"success","msg":"authenticated"}]');
  p.onFrame('[{"T":"subscription","trades":["AAPL","MSFT"],"quotes":["AAPL","MSFT"],"bars":[]}]');
  p.onFrame(`[${[
    '{"T":"q","S":"AAPL","bx":"V","bp":189.98,"bs":3,"ax":"V","ap":190.02,"as":2,"t":"2024-03-06T16:00:00.000100250Z","c":["R"],"z":"C"}',
    '{"T":"t","S":"AAPL","i":1,"x":"V","p":190.02,"s":100,"t":"2024-03-06T16:00:00.000200000Z","c":["@"],"z":"C"}',
    '{"T":"q","S":"MSFT","bx":"V","bp":419.95,"bs":1,"ax":"V","ap":420.05,"as":4,"t":"2024-03-06T16:00:00.000300000Z","c":["R"],"z":"C"}',
    '{"T":"t","S":"MSFT","i":2,"x":"V","p":419.95,"s":7,"t":"2024-03-06T16:00:00.000400000Z","c":["@","I"],"z":"C"}',
    '{"T":"t","S":"AAPL","i":3,"x":"V","p":190.02,"s":50,"t":"2024-03-06T16:00:00.000500000Z","c":["@","I"],"z":"C"}',
    '{"T":"q","S":"AAPL","bx":"V","bp":189.99,"bs":3,"ax":"V","ap":190.03,"as":2,"t":"2024-03-06T16:00:00.000500000Z","c":["R"],"z":"C"}',
  ].join(',')}]`);
  assert.is(md.deliverDecoded(0), 6);
  assert.equal(order, [0, 100, 1, 200, 0, 300, 1, 400, 0, 500, 1, 500], 'time order, a tie to the quote');
  recording = false;

  const report = countGcs((i) => { md.deliverDecoded(i); }, 2_000_000);
  assert.ok(sum[0] > 0);
  assert.is(report.gcCount, 0, `GCs: ${JSON.stringify(report.byType)}`);
});

test.run();
