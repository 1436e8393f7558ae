// A recording whose body does not decode (bytes overwritten after the header) is refused before
// anything starts, exit 2, naming the file, instead of an L0 that fails on it at each restart
// until the session halts (exit 3). A file cut off mid-record still replays (tested elsewhere),
// and a header without symbols is refused as incomplete rather than asking for `--symbols `.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { appendFileSync } from 'node:fs';
import { Packr } from 'msgpackr';
import { RecordingWriter } from '../../src/data/record/recording-file.js';
import { runCli } from './cli-session.js';
import { withTempDir } from '../support/temp-dir.js';

const HEADER = { venue: 'sim', protocol: 'binance' as const, startedAt: new Date().toISOString(), wsUrl: 'ws://127.0.0.1:9/' };

test('a recording with an undecodable record: exit 2 naming the file, nothing started', async () => {
  await withTempDir('tradebot-rec-corrupt-', async (dir) => {
    const file = path.join(dir, 'bad.rec');
    const writer = new RecordingWriter(file, { ...HEADER, symbols: ['BTC/USDT'] });
    writer.appendConnection('open', HEADER.wsUrl, Date.now() * 1000);
    await writer.close();
    // A complete value that is not a record: a map where [kind, time, payload] belongs.
    appendFileSync(file, new Packr({ useRecords: false }).pack({ not: 'a record' }));

    const r = await runCli(['run', 'crypto', '--replay', file, '--symbols', 'BTC/USDT', '--metrics-port', '0'], 20_000);
    assert.is(r.code, 2, r.stderr);
    assert.match(r.stderr, /--replay .*bad\.rec: malformed record #2/);
    assert.not.match(r.stderr, /restarted|HALTED/);
  });
});

test('a recording header without symbols: exit 2, the header is incomplete', async () => {
  await withTempDir('tradebot-rec-corrupt-', async (dir) => {
    const file = path.join(dir, 'nosym.rec');
    await new RecordingWriter(file, { ...HEADER, symbols: [] }).close();
    const r = await runCli(['run', 'crypto', '--replay', file, '--symbols', 'BTC/USDT', '--metrics-port', '0'], 20_000);
    assert.is(r.code, 2, r.stderr);
    assert.match(r.stderr, /nosym\.rec: recording header is incomplete/);
  });
});

test.run();
