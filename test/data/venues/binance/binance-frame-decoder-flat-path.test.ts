// The straight-line first attempt (binance-flat-frame.ts) and the full parser give the same result
// on every frame: same kind, same fields, same levels, same refusal counts. Checked on the first
// frames of every stream of the spot and USD-M captures, on hand-written frames of every kind,
// and on every one-byte mutation of those (where the first attempt must give up or agree).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sharedText } from '../../../support/shared-data.js';
import { BinanceFrameDecoder } from '../../../../src/data/venues/binance/binance-frame-decoder.js';
import { BinanceField as F } from '../../../../src/data/venues/binance/binance-message-layout.js';
import { hftbacktestFrames } from './binance-decoder-reference.js';
import { sampleTexts, SYMBOLS } from './binance-sample-frames.js';

const REPLACEMENTS = [...'"{}[],:09-.eE\\ xtu@', '\t', '\u0000'].map((c) => c.charCodeAt(0)).concat([0xff]);

class Pair {
  readonly flat = new BinanceFrameDecoder(SYMBOLS, { maxLevels: 64 });
  readonly full = new BinanceFrameDecoder(SYMBOLS, { maxLevels: 64, fullParserOnly: true });
  frames = 0;

  check(frame: Buffer, what: string): void {
    this.frames++;
    const a = this.flat.decode(frame);
    const b = this.full.decode(frame);
    const where = `${what}: ${frame.toString('latin1').slice(0, 160)}`;
    assert.is(a, b, `kind differs, ${where}`);
    assert.equal([...this.flat.fields], [...this.full.fields], `fields differ, ${where}`);
    const levels = (d: BinanceFrameDecoder) => {
      const nb = Math.min(d.fields[F.bidCount], d.maxLevels);
      const na = Math.min(d.fields[F.askCount], d.maxLevels);
      return [[...d.bidPrice.subarray(0, nb)], [...d.bidQty.subarray(0, nb)], [...d.askPrice.subarray(0, na)], [...d.askQty.subarray(0, na)]];
    };
    assert.equal(levels(this.flat), levels(this.full), `levels differ, ${where}`);
    assert.equal([...this.flat.rejects], [...this.full.rejects], `refusal counts differ, ${where}`);
    assert.equal([...this.flat.kindCounts], [...this.full.kindCounts], `kind counts differ, ${where}`);
  }

  mutants(frame: string): void {
    const bytes = Buffer.from(frame, 'latin1');
    for (let i = 0; i < bytes.length; i++) {
      for (const replacement of REPLACEMENTS) {
        if (bytes[i] === replacement) continue;
        const mutant = Buffer.from(bytes);
        mutant[i] = replacement;
        this.check(mutant, `byte ${i} set to ${replacement}`);
      }
      this.check(Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + 1)]), `byte ${i} deleted`);
      // Cut short by the length argument, with the rest of the frame still in the buffer.
      const a = this.flat.decode(bytes, i);
      const b = this.full.decode(bytes, i);
      assert.is(a, b, `cut at ${i}: ${frame.slice(0, 160)}`);
      assert.equal([...this.flat.fields], [...this.full.fields], `cut at ${i}: fields differ`);
    }
  }
}

function captureFrames(perStream: number): string[] {
  const frames: string[] = [];
  for (const file of ['spot_btcusdt_20240808.gz', 'usdm_btcusdt_20240808.gz']) {
    const text = sharedText(`ws/binance/hftbacktest/${file}`);
    if (text === null) continue;
    const seen = new Map<string, number>();
    for (const frame of hftbacktestFrames(text)) {
      const stream = /"stream":"[a-z]+@([a-zA-Z]+)/.exec(frame)?.[1] ?? '';
      const n = seen.get(stream) ?? 0;
      if (n >= perStream) continue;
      seen.set(stream, n + 1);
      frames.push(frame);
    }
  }
  return frames;
}

test('real frames: the same result either way', () => {
  const pair = new Pair();
  for (const frame of captureFrames(2000)) pair.check(Buffer.from(frame, 'utf8'), 'capture');
  assert.ok(pair.frames === 0 || pair.frames > 5000, `only ${pair.frames} frames`);
});

test('hand-written frames and one-byte mutations: the same result either way', () => {
  const pair = new Pair();
  for (const frame of sampleTexts()) pair.mutants(frame);
  assert.ok(pair.frames > 20000, `only ${pair.frames} frames`);
});

test('mutations of real trade, bookTicker and depth frames: the same result either way', () => {
  const pair = new Pair();
  const picked = new Map<string, string>();
  for (const frame of captureFrames(50)) {
    const stream = /"stream":"[a-z]+@([a-zA-Z]+)/.exec(frame)?.[1] ?? '';
    if (frame.length < 1500 && !picked.has(stream)) picked.set(stream, frame);
  }
  for (const frame of picked.values()) pair.mutants(frame);
});

test.run();
