// A recording header without symbols is refused as incomplete rather than asking for `--symbols `.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { RecordingWriter } from '../../src/data/record/recording-file.js';
import { runCli } from './cli-session.js';
import { withTempDir } from '../support/temp-dir.js';

const HEADER = { venue: 'sim', protocol: 'binance' as const, startedAt: new Date().toISOString(), wsUrl: 'ws://127.0.0.1:9/' };

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
