// A version-1 recording (written before Coinbase and Alpaca could be recorded) still reads: its
// header comes back with protocol binance and its frames, snapshot and connection events as they
// were written. A version this build does not know is refused by number.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Packr } from 'msgpackr';
import { readRecording, RecordKind } from '../../../src/data/record/recording-file.js';
import { withTempDir } from '../../support/temp-dir.js';

const V1_HEADER = {
  format: 'tradebot-recording', version: 1, venue: 'binance', protocol: 'binance', symbols: ['BTC/USDT'],
  startedAt: '2025-06-01T00:00:00.000Z', wsUrl: 'wss://stream.binance.com:9443/stream?streams=btcusdt@trade',
};
const T0 = 1_748_736_000_000_000;

/** The bytes a version-1 writer produced: the header map, then [kind, float64 time, payload, extra?] arrays. */
function versionOneBytes(header: Record<string, unknown>): Buffer {
  const packr = new Packr({ useRecords: false, useFloat32: 0 });
  const time = (us: number): Buffer => { const b = Buffer.alloc(9); b[0] = 0xcb; b.writeDoubleBE(us, 1); return b; };
  const record = (kind: number, us: number, ...rest: unknown[]): Buffer => Buffer.concat([
    Buffer.from([0x90 | (2 + rest.length), kind]), time(us), ...rest.map((v) => packr.pack(v)),
  ]);
  return Buffer.concat([
    packr.pack(header),
    record(2, T0, 'open', header.wsUrl),
    record(0, T0 + 5, Buffer.from('{"stream":"btcusdt@trade","data":{}}')),
    record(1, T0 + 9, Buffer.from('{"lastUpdateId":1,"bids":[],"asks":[]}'), 'BTC/USDT'),
    record(2, T0 + 12, 'close', 'recording stopped'),
  ]);
}

test('a version-1 file reads as Binance protocol, records intact; an unknown version is refused', async () => {
  await withTempDir('recording-v1-', async (dir) => {
    const file = path.join(dir, 'v1.rec');
    writeFileSync(file, versionOneBytes(V1_HEADER));
    const rec = readRecording(file);
    assert.is(rec.truncated, false);
    assert.is(rec.header.version, 1);
    assert.is(rec.header.protocol, 'binance');
    assert.equal(rec.header.symbols, ['BTC/USDT']);
    assert.equal(rec.records.map((r) => [r.kind, r.receivedAtUs]), [
      [RecordKind.Connection, T0], [RecordKind.Frame, T0 + 5], [RecordKind.Snapshot, T0 + 9], [RecordKind.Connection, T0 + 12],
    ]);
    const frame = rec.records[1];
    assert.ok(frame.kind === RecordKind.Frame && frame.payload.toString() === '{"stream":"btcusdt@trade","data":{}}');
    const snapshot = rec.records[2];
    assert.ok(snapshot.kind === RecordKind.Snapshot && snapshot.symbol === 'BTC/USDT');

    const future = path.join(dir, 'v9.rec');
    writeFileSync(future, versionOneBytes({ ...V1_HEADER, version: 9 }));
    assert.throws(() => readRecording(future), /recording version 9 is not supported \(this build reads 1 and 2\)/);
  });
});

test.run();
