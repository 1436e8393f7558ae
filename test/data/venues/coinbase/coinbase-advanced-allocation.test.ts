// After JSON.parse, decoding Advanced Trade frames allocates nothing: handle() on pre-parsed
// l2_data updates, market_trades and tickers (with their sequence_num rewritten in place to stay
// continuous) runs 0 GCs under --max-semi-space-size=1.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { countGcs, semiSpaceFlag } from '../../../../src/shm/allocation-check.js';
import { CoinbaseAdvancedParser } from '../../../../src/data/venues/coinbase/coinbase-advanced-parser.js';

const TS = '"timestamp":"2026-08-09T21:05:48.505350477Z"';

test('handle: 0 GCs over 300k pre-parsed frames', () => {
  assert.ok(semiSpaceFlag() !== undefined, 'run with --max-semi-space-size=1');
  const p = new CoinbaseAdvancedParser(['BTC/USD', 'ETH/USD']);
  p.parseFrame(`{"channel":"l2_data",${TS},"sequence_num":0,"events":[{"type":"snapshot","product_id":"BTC-USD","updates":[`
    + '{"side":"bid","event_time":"2026-08-09T21:05:48.170326Z","price_level":"65083.66","new_quantity":"0.2"},'
    + '{"side":"offer","event_time":"2026-08-09T21:05:48.170326Z","price_level":"65083.67","new_quantity":"0.3"}]}]}');
  const frames: Array<{ sequence_num: number }> = [];
  for (let k = 0; k < 32; k++) {
    const price = (65000 + (k % 7) * 0.31).toFixed(2);
    frames.push(JSON.parse(`{"channel":"l2_data",${TS},"sequence_num":0,"events":[{"type":"update","product_id":"BTC-USD","updates":[`
      + `{"side":"bid","event_time":"2026-08-09T21:05:48.210883Z","price_level":"${price}","new_quantity":"${k % 3 === 0 ? '0' : '0.00583'}"},`
      + `{"side":"offer","event_time":"2026-08-09T21:05:48.210883Z","price_level":"${(66000 + k).toFixed(2)}","new_quantity":"0.1"}]}]}`));
    frames.push(JSON.parse(`{"channel":"market_trades",${TS},"sequence_num":0,"events":[{"type":"update","trades":[`
      + `{"product_id":"ETH-USD","trade_id":"${833140778 + k}","price":"1919.41","size":"0.00639701","time":"2026-08-09T21:05:44.820409Z","side":"${k % 2 ? 'BUY' : 'SELL'}"},`
      + `{"product_id":"DOGE-USD","trade_id":"1","price":"0.1","size":"1","time":"2026-08-09T21:05:44.820409Z","side":"BUY"}]}]}`));
    frames.push(JSON.parse(`{"channel":"ticker",${TS},"sequence_num":0,"events":[{"type":"update","tickers":[{"type":"ticker","product_id":"ETH-USD",`
      + '"price":"1919.41","best_bid":"1919.44","best_ask":"1919.49","best_bid_quantity":"0.02858092","best_ask_quantity":"0.07814824"}]}]}'));
  }
  const seq = new Float64Array([1]);
  const report = countGcs((i) => {
    const frame = frames[i % frames.length];
    frame.sequence_num = seq[0];
    seq[0] += 1;
    p.handle(frame);
  }, 300_000);
  assert.is(p.gaps, 0);
  assert.not.ok(p.needsResync());
  assert.ok(p.counts[2] > 0 && p.counts[4] > 0 && p.counts[6] > 0);
  assert.ok(p.rejects[6] > 0, 'the unknown product was refused on every trades frame');
  assert.is(report.gcCount, 0, `GCs: ${JSON.stringify(report.byType)}`);
});

test.run();
