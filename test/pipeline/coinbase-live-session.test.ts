// `run crypto --source live` with `source.cryptoVenue: coinbase`: the session reads Coinbase
// Exchange's ws-feed through the Coinbase connector. The venue cannot be reached from here, so
// TRADEBOT_COINBASE_WS_URL points the session at a loopback ws-feed that answers the subscribe
// with the real capture's SKL-USD frames (the capture holds no BTC-USD), as fast as it can send.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cryptoConfig, runCli, summaryOf } from './cli-session.js';
import { captureFramesOf, coinbaseLoopback } from '../data/venues/coinbase/coinbase-loopback.js';

test('run crypto --source live on Coinbase: the capture through the connector, ticks on the summary', async () => {
  const frames = captureFramesOf('SKL-USD');
  if (frames === null) return;
  const lb = await coinbaseLoopback((ws, m) => {
    if (m.type === 'subscribe') for (const f of frames) ws.send(f);
  });
  try {
    const config = cryptoConfig((yaml) => yaml
      .replace('cryptoVenue: binance', 'cryptoVenue: coinbase')
      .replace(/^symbols: .*$/m, 'symbols: [SKL/USD]')
      .replace(/startPrices: \{[^}]*\}/, 'startPrices: {SKL/USD: 0.79}'));
    const r = await runCli(['run', 'crypto', '--source', 'live', '--symbols', 'SKL/USD', '--config', config, '--duration', '3s', '--json', '--metrics-port', '0'],
      30_000, { TRADEBOT_COINBASE_WS_URL: lb.url });
    assert.is(r.code, 0, r.stderr);
    const s = summaryOf(r);
    assert.is(s.source, 'live');
    assert.is(s.execution, 'paper');
    assert.ok(s.ticks > 0, `ticks ${s.ticks}`);
    assert.match(r.stderr, new RegExp(`L0 coinbase: market data connected to ${lb.url.replace(/[.]/g, '\\.')} \\(SKL/USD\\)`));
    assert.equal(lb.received[0], { type: 'subscribe', product_ids: ['SKL-USD'], channels: ['level2_batch', 'ticker', 'matches', 'heartbeat'] });
  } finally {
    await lb.close();
  }
});

test.run();
