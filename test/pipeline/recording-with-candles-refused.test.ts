// A recording replays on its own, wherever it stands in --replay: after a candle file it is
// named as a recording (exit 2), not read as a CSV whose "first line" is MessagePack bytes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { RecordingWriter } from '../../src/data/record/recording-file.js';
import { runCli } from './cli-session.js';
import { withTempDir } from '../support/temp-dir.js';

test('--replay candles.csv,eth.rec: exit 2 naming the recording', async () => {
  await withTempDir('tradebot-rec-mixed-', async (dir) => {
    const csv = path.join(dir, 'btc.csv');
    writeFileSync(csv, 'timestamp,open,high,low,close,volume\n1700000000000,100,101,99,100.5,1\n1700000060000,100.5,102,100,101,1\n');
    const rec = path.join(dir, 'eth.rec');
    const writer = new RecordingWriter(rec, { venue: 'sim', protocol: 'binance', symbols: ['ETH/USDT'], startedAt: new Date().toISOString(), wsUrl: 'ws://127.0.0.1:9/' });
    await writer.close();

    const r = await runCli(['run', 'crypto', '--replay', `${csv},${rec}`, '--symbols', 'BTC/USDT,ETH/USDT', '--metrics-port', '0'], 20_000);
    assert.is(r.code, 2, r.stderr);
    assert.match(r.stderr, /--replay .*eth\.rec is a recording: replay it on its own/);
    assert.not.match(r.stderr, /not a candle file/);
  });
});

test.run();
