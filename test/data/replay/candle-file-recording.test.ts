// A recording handed to a command that reads candle files (backtest --data, ...) is named as a
// recording, with where it replays, instead of refused as a CSV whose header is MessagePack bytes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { readCandleFile } from '../../../src/data/replay/candle-file.js';
import { RecordingWriter } from '../../../src/data/record/recording-file.js';
import { withTempDir } from '../../support/temp-dir.js';

test('readCandleFile on a recording: an error naming it as one', async () => {
  await withTempDir('candle-file-recording-', async (dir) => {
    const file = path.join(dir, 'btc.rec');
    const writer = new RecordingWriter(file, { venue: 'sim', protocol: 'binance', symbols: ['BTC/USDT'], startedAt: new Date().toISOString(), wsUrl: 'ws://127.0.0.1:9/' });
    writer.appendFrame(Buffer.from('{"stream":"btcusdt@trade","data":{}}'), Date.now() * 1000);
    await writer.close();
    assert.throws(() => readCandleFile(file), (err: Error) => /btc\.rec: a market-data recording \(tradebot record\), not a candle file: .*tradebot run crypto\|stocks --replay .*btc\.rec/.test(err.message));
  });
});

test.run();
