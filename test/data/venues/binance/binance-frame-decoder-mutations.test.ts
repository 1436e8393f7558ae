// Frames with one byte replaced or deleted (every position, with the bytes that matter to JSON):
// the decoder never throws and never outputs NaN, and whenever it accepts a frame, JSON.parse
// accepts the same text and the decoded fields equal what JSON.parse + Number() give. So the
// decoder is never more lenient than JSON.parse, and a damaged frame is read right or refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sharedText } from '../../../support/shared-data.js';
import { BinanceFrameDecoder } from '../../../../src/data/venues/binance/binance-frame-decoder.js';
import { MessageKind } from '../../../../src/data/venues/binance/binance-message-layout.js';
import { assertNoNaN, expectedFor, firstDifference, hftbacktestFrames } from './binance-decoder-reference.js';
import { sampleTexts, SYMBOLS } from './binance-sample-frames.js';

const REPLACEMENTS = [...'"{}[],:09-.eE\\ xtu', '\t', '\u0000'].map((c) => c.charCodeAt(0)).concat([0xff]);

function checkMutants(frames: string[]): number {
  const decoder = new BinanceFrameDecoder(SYMBOLS);
  let accepted = 0;
  const check = (mutant: Buffer, what: string) => {
    const kind = decoder.decode(mutant);
    assertNoNaN(decoder);
    if (kind === MessageKind.Rejected) return;
    accepted++;
    const text = mutant.toString('latin1');
    let difference: string | null;
    try {
      difference = firstDifference(decoder, kind, expectedFor(text, SYMBOLS));
    } catch (error) {
      difference = `accepted, but JSON.parse refuses it: ${(error as Error).message}`;
    }
    if (difference !== null) assert.unreachable(`${what}: ${difference}\n${text.slice(0, 200)}`);
  };
  for (const frame of frames) {
    const bytes = Buffer.from(frame, 'latin1');
    for (let i = 0; i < bytes.length; i++) {
      for (const replacement of REPLACEMENTS) {
        if (bytes[i] === replacement) continue;
        const mutant = Buffer.from(bytes);
        mutant[i] = replacement;
        check(mutant, `byte ${i} set to ${replacement}`);
      }
      check(Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + 1)]), `byte ${i} deleted`);
    }
  }
  return accepted;
}

test('hand-written frames of every kind, bare and enveloped', () => {
  const accepted = checkMutants(sampleTexts());
  assert.ok(accepted > 3000, `only ${accepted} mutants accepted: the comparison would prove little`);
});

test('the first trade, bookTicker and depth diff of the spot and USD-M captures', () => {
  const frames: string[] = [];
  for (const file of ['spot_btcusdt_20240808.gz', 'usdm_btcusdt_20240808.gz']) {
    const text = sharedText(`ws/binance/hftbacktest/${file}`);
    if (text === null) return;
    const seen = new Set<string>();
    for (const frame of hftbacktestFrames(text)) {
      const stream = /"stream":"[a-z]+@([a-zA-Z]+)/.exec(frame)?.[1];
      if (stream === undefined || seen.has(stream) || frame.length > 3000) continue;
      seen.add(stream);
      frames.push(frame);
    }
  }
  assert.is(frames.length, 6);
  checkMutants(frames);
});

test.run();
