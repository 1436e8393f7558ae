// An Alpaca recording replayed with `run stocks --replay FILE`: `tradebot record --venue alpaca`
// records the simulated Alpaca stream, authenticating with keys from its environment; the file
// holds neither key, and the replays run with no keys at all (the recorded `connected` and
// `authenticated` replies drive the connector's handshake). The session sees ticks, and two
// replays, at full speed and at --speed 2, send the same orders (equal order digests).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AlpacaSimExchange } from '../../src/data/sim-exchange/alpaca-sim-exchange.js';
import { assertSameReplay, runCli, summaryOf, tradingStocksConfig } from './cli-session.js';
import { withTempDir } from '../support/temp-dir.js';

const KEY = 'AKREPLAYKEY0007';
const SECRET = 'replay-secret-Hk4vR2nT9sW6';
const NO_KEYS = { APCA_API_KEY_ID: '', APCA_API_SECRET_KEY: '' };

test('record Alpaca AAPL with keys, replay it twice without: no key in the file, ticks, same orders', async () => {
  const exchange = new AlpacaSimExchange({
    symbols: ['AAPL'], annualVol: 0.3, seed: 9, eventsPerSecond: 3000, credentials: { key: KEY, secret: SECRET },
  });
  let stopped = false;
  try {
    const { wsUrl } = await exchange.start();
    await withTempDir('tradebot-rec-alpaca-', async (dir) => {
      const out = path.join(dir, 'aapl.rec');
      const recorded = await runCli(['record', '--venue', 'alpaca', '--symbols', 'AAPL', '--out', out, '--duration', '1500ms'], 20_000,
        { TRADEBOT_ALPACA_WS_URL: wsUrl, APCA_API_KEY_ID: KEY, APCA_API_SECRET_KEY: SECRET });
      assert.is(recorded.code, 0, recorded.stderr);
      assert.is(exchange.stats.authentications, 1);
      const bytes = readFileSync(out);
      assert.is(bytes.indexOf(SECRET), -1, 'the secret key is not in the file');
      assert.is(bytes.indexOf(KEY), -1, 'nor the key id');
      assert.not.ok(recorded.stderr.includes(SECRET) || recorded.stderr.includes(KEY), 'nor in what the recorder printed');
      // The replays read the file only: the exchange has done its part, and need not share the cores.
      await exchange.stop();
      stopped = true;

      const replay = async (...speed: string[]) => {
        const r = await runCli(['run', 'stocks', '--config', tradingStocksConfig(), '--replay', out, '--symbols', 'AAPL', '--json', '--metrics-port', '0', ...speed], 60_000, NO_KEYS);
        assert.is(r.code, 0, r.stderr);
        assert.match(r.stderr, /alpaca: replaying a recording of ws:\/\/127\.0\.0\.1:\d+\/v2\/iex \(AAPL\)/);
        assert.match(r.stderr, /alpaca: subscribed to trades and quotes of 1 symbols on iex/);
        return summaryOf(r);
      };
      const a = await replay();
      const b = await replay('--speed', '2');
      assertSameReplay(a, b);
    });
  } finally {
    if (!stopped) await exchange.stop();
  }
});

test.run();
