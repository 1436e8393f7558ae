// A recording replays only in the asset class its protocol carries: a crypto session refuses an
// Alpaca (stocks) recording and a stocks session refuses a Coinbase (crypto) one, each with exit
// code 2 and a line naming the recording's protocol and the command that would replay it, before
// anything starts (the session runs its default symbols: the asset class is what is refused).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { RecordingWriter } from '../../src/data/record/recording-file.js';
import { runCli } from './cli-session.js';
import { withTempDir } from '../support/temp-dir.js';

async function emptyRecording(file: string, protocol: 'coinbase' | 'alpaca', symbols: string[]): Promise<void> {
  const writer = new RecordingWriter(file, {
    venue: protocol, protocol, symbols, startedAt: new Date().toISOString(), wsUrl: 'ws://127.0.0.1:9/',
  });
  writer.appendConnection('open', 'ws://127.0.0.1:9/', Date.now() * 1000);
  await writer.close();
}

test('crypto refuses an alpaca recording, stocks refuses a coinbase one: exit 2', async () => {
  await withTempDir('tradebot-rec-class-', async (dir) => {
    const stocks = path.join(dir, 'aapl.rec');
    const crypto = path.join(dir, 'skl.rec');
    await emptyRecording(stocks, 'alpaca', ['AAPL']);
    await emptyRecording(crypto, 'coinbase', ['SKL/USD']);

    const inCrypto = await runCli(['run', 'crypto', '--replay', stocks, '--metrics-port', '0'], 20_000);
    assert.is(inCrypto.code, 2, inCrypto.stderr);
    assert.match(inCrypto.stderr, /aapl\.rec is a recording in alpaca's protocol \(stocks: AAPL\): it replays in a stocks session, `run stocks --replay .*aapl\.rec`, not in `run crypto`/);

    const inStocks = await runCli(['run', 'stocks', '--replay', crypto, '--metrics-port', '0'], 20_000);
    assert.is(inStocks.code, 2, inStocks.stderr);
    assert.match(inStocks.stderr, /skl\.rec is a recording in coinbase's protocol \(crypto: SKL\/USD\): it replays in a crypto session, `run crypto --replay .*skl\.rec`, not in `run stocks`/);
  });
});

test.run();
