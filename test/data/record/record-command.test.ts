// Recording the simulated exchange over real loopback sockets: what lands in the file is what a
// Binance connector reads. Every frame decodes with the production decoder and zero refusals, each
// symbol has a depth snapshot, receive times never go backwards, and the command's own checks
// refuse bad symbols and an existing file before anything starts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readRecording, RecordKind } from '../../../src/data/record/recording-file.js';
import { recordMarketData } from '../../../src/data/record/record-command.js';
import { BinanceFrameDecoder } from '../../../src/data/venues/binance/binance-frame-decoder.js';
import { MessageKind } from '../../../src/data/venues/binance/binance-message-layout.js';
import { UsageError } from '../../../src/pipeline/exit-codes.js';
import { withDeadline } from '../../support/cli-child.js';

const dir = mkdtempSync(path.join(tmpdir(), 'record-command-'));
const quiet = (): void => {};

test('1.5 s of the simulated exchange: frames decode cleanly, snapshots per symbol, times in order', async () => {
  const out = path.join(dir, 'sim.rec');
  const summary = await withDeadline(recordMarketData({ venue: 'sim', symbols: ['BTC/USDT', 'ETH/USDT'], out, durationMs: 1500, log: quiet }), 15_000, 'the recording');
  const rec = readRecording(out);
  assert.is(rec.truncated, false);
  assert.is(rec.header.format, 'tradebot-recording');
  assert.is(rec.header.version, 2);
  assert.is(rec.header.venue, 'sim');
  assert.is(rec.header.protocol, 'binance');
  assert.equal(rec.header.symbols, ['BTC/USDT', 'ETH/USDT']);
  assert.ok(Math.abs(Date.parse(rec.header.startedAt) - Date.now()) < 60_000, rec.header.startedAt);
  assert.match(rec.header.wsUrl, /^ws:\/\/127\.0\.0\.1:\d+\/stream\?streams=btcusdt@trade\/btcusdt@bookTicker\/btcusdt@depth@100ms\/btcusdt@kline_1m\/ethusdt@trade\//);

  const decoder = new BinanceFrameDecoder(['BTCUSDT', 'ETHUSDT'], { maxLevels: 5000 });
  const kinds = new Map<number, number>();
  const snapshotSymbols: string[] = [];
  let frames = 0;
  let lastUs = 0;
  for (const r of rec.records) {
    assert.ok(r.receivedAtUs >= lastUs, 'receive times never decrease');
    assert.ok(Number.isInteger(r.receivedAtUs));
    lastUs = r.receivedAtUs;
    if (r.kind === RecordKind.Frame) {
      frames++;
      const kind = decoder.decode(r.payload);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    } else if (r.kind === RecordKind.Snapshot) {
      const id = ['BTC/USDT', 'ETH/USDT'].indexOf(r.symbol);
      assert.ok(id >= 0, r.symbol);
      assert.is(decoder.decode(r.payload, r.payload.length, id), MessageKind.DepthSnapshot, `snapshot of ${r.symbol}`);
      snapshotSymbols.push(r.symbol);
    }
  }
  assert.is(decoder.rejects.reduce((a, b) => a + b, 0), 0, 'no frame refused');
  assert.ok(frames > 100, `frames: ${frames}`);
  for (const k of [MessageKind.Trade, MessageKind.BookTicker, MessageKind.DepthUpdate]) assert.ok((kinds.get(k) ?? 0) > 0, `kind ${k} present`);
  assert.equal(snapshotSymbols.sort(), ['BTC/USDT', 'ETH/USDT']);
  const first = rec.records[0];
  assert.ok(first.kind === RecordKind.Connection && first.event === 'open', 'the file starts with the open');
  const last = rec.records[rec.records.length - 1];
  assert.ok(last.kind === RecordKind.Connection && last.event === 'close', 'and ends with the close');
  assert.is(summary.frames, frames);
  assert.is(summary.snapshots, 2);
  assert.is(summary.fileBytes, readFileSync(out).length);
  assert.ok(summary.frameBytes > 0 && summary.fileBytes > summary.frameBytes);
});

test('an abort ends the recording early, with the file closed and complete', async () => {
  const out = path.join(dir, 'aborted.rec');
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), 600);
  const summary = await withDeadline(recordMarketData({ venue: 'sim', symbols: ['ETH/USDT'], out, durationMs: 0, signal: stop.signal, log: quiet }), 15_000, 'the aborted recording');
  clearTimeout(timer);
  assert.ok(summary.elapsedMs < 5000, `${summary.elapsedMs} ms`);
  const rec = readRecording(out);
  assert.is(rec.truncated, false);
  assert.ok(rec.records.some((r) => r.kind === RecordKind.Frame));
});

test('bad symbols, a missing directory and an existing file are usage errors before anything starts', async () => {
  const base = { venue: 'sim' as const, durationMs: 100, log: quiet };
  const refused = async (o: Parameters<typeof recordMarketData>[0], pattern: RegExp): Promise<void> => {
    try {
      await recordMarketData(o);
    } catch (err) {
      assert.instance(err, UsageError);
      assert.match((err as Error).message, pattern);
      return;
    }
    assert.unreachable('should have been refused');
  };
  await refused({ ...base, symbols: ['BTCUSDT'], out: path.join(dir, 'a.rec') }, /did you mean "BTC\/USDT"/);
  await refused({ ...base, symbols: ['AAPL'], out: path.join(dir, 'a.rec') }, /stock ticker/);
  await refused({ ...base, symbols: ['BTC/USDT'], out: path.join(dir, 'no-such-dir', 'a.rec') }, /does not exist/);
  const existing = path.join(dir, 'existing.rec');
  writeFileSync(existing, 'keep');
  await refused({ ...base, symbols: ['BTC/USDT'], out: existing }, /existing\.rec already exists.*--force/);
  assert.is(readFileSync(existing, 'utf8'), 'keep');
  assert.not.ok(existsSync(path.join(dir, 'a.rec')));
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
