// The recording file round-trips what was written, byte for byte and in order, and a file cut
// off anywhere inside its last record (a recorder killed mid-write) still reads back: every
// complete record, plus truncated=true. A file that is not a recording is refused by name.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readRecording, RecordingReader, RecordingWriter, RecordKind } from '../../../src/data/record/recording-file.js';

const dir = mkdtempSync(path.join(tmpdir(), 'recording-file-'));
const HEADER = { venue: 'sim', protocol: 'binance' as const, symbols: ['BTC/USDT'], startedAt: '2026-01-02T03:04:05.000Z', wsUrl: 'ws://127.0.0.1:1/stream' };

/** Frames of many sizes, so every bin header width and chunk spill is exercised. */
function sampleFrames(): Buffer[] {
  const sizes = [0, 1, 31, 255, 256, 4000, 65535, 65536, 300_000, 17];
  return sizes.map((n, i) => Buffer.alloc(n, 65 + i));
}

async function writeSample(file: string): Promise<{ frames: Buffer[]; times: number[] }> {
  const w = new RecordingWriter(file, HEADER);
  const frames = sampleFrames();
  const base = 1_767_000_000_000_000;
  const times: number[] = [];
  w.appendConnection('open', HEADER.wsUrl, base);
  frames.forEach((f, i) => { times.push(base + 1 + i); w.appendFrame(f, base + 1 + i); });
  w.appendSnapshot('BTC/USDT', Buffer.from('{"lastUpdateId":1,"bids":[],"asks":[]}'), base + 100);
  w.appendConnection('close', 'x'.repeat(300), base + 101);
  await w.close();
  assert.is(w.frames, frames.length);
  assert.is(w.snapshots, 1);
  return { frames, times };
}

test('records read back exactly as written, with exact microsecond times', async () => {
  const file = path.join(dir, 'round-trip.rec');
  const { frames, times } = await writeSample(file);
  const rec = readRecording(file);
  assert.is(rec.truncated, false);
  assert.equal({ ...rec.header }, { format: 'tradebot-recording', version: 2, ...HEADER });
  assert.is(rec.records.length, frames.length + 3);
  const [open, ...rest] = rec.records;
  assert.equal(open, { kind: RecordKind.Connection, receivedAtUs: 1_767_000_000_000_000, event: 'open', detail: HEADER.wsUrl });
  frames.forEach((f, i) => {
    const r = rest[i];
    assert.is(r.kind, RecordKind.Frame);
    assert.is(r.receivedAtUs, times[i]);
    if (r.kind === RecordKind.Frame) assert.ok(r.payload.equals(f), `frame ${i} (${f.length} bytes)`);
  });
  const snap = rest[frames.length];
  assert.is(snap.kind, RecordKind.Snapshot);
  if (snap.kind === RecordKind.Snapshot) assert.is(snap.symbol, 'BTC/USDT');
  const close = rest[frames.length + 1];
  assert.ok(close.kind === RecordKind.Connection && close.event === 'close' && close.detail.length === 300);
});

test('a file cut inside its last record keeps every complete record and says truncated', async () => {
  const file = path.join(dir, 'whole.rec');
  await writeSample(file);
  const whole = readRecording(file);
  const bytes = readFileSync(file);
  // The last record is the close event (~315 bytes): cut 1..300 bytes off its end.
  for (const cut of [1, 2, 5, 9, 12, 40, 299]) {
    const cutFile = path.join(dir, `cut-${cut}.rec`);
    writeFileSync(cutFile, bytes.subarray(0, bytes.length - cut));
    const rec = readRecording(cutFile);
    assert.is(rec.truncated, true, `cut ${cut}`);
    assert.is(rec.records.length, whole.records.length - 1, `cut ${cut}`);
    assert.equal(rec.records, whole.records.slice(0, -1));
  }
  // Cut in the middle of the 300 kB frame: the records before it survive.
  const mid = path.join(dir, 'cut-mid.rec');
  writeFileSync(mid, bytes);
  truncateSync(mid, 250_000);
  const rec = readRecording(mid);
  assert.is(rec.truncated, true);
  assert.is(rec.records.length, 9, 'open + the eight frames before the 300 kB one');
});

test('lazy reading gives the same records; non-recordings are refused by name', async () => {
  const file = path.join(dir, 'lazy.rec');
  await writeSample(file);
  const reader = new RecordingReader(file);
  let n = 0;
  for (const r of reader.records()) { n++; assert.ok(r.receivedAtUs > 0); }
  assert.is(n, readRecording(file).records.length);
  assert.is(reader.truncated, false);

  const junk = path.join(dir, 'junk.rec');
  writeFileSync(junk, '{"not":"msgpack"}');
  assert.throws(() => readRecording(junk), /junk\.rec/);
  const empty = path.join(dir, 'empty.rec');
  writeFileSync(empty, '');
  assert.throws(() => readRecording(empty), /not a tradebot recording/);
});

test('an existing file is refused unless forced', async () => {
  const file = path.join(dir, 'exists.rec');
  writeFileSync(file, 'keep me');
  assert.throws(() => new RecordingWriter(file, HEADER), (e: NodeJS.ErrnoException) => e.code === 'EEXIST');
  assert.is(readFileSync(file, 'utf8'), 'keep me');
  const w = new RecordingWriter(file, HEADER, { force: true });
  await w.close();
  assert.is(readRecording(file).records.length, 0);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
