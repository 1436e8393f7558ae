// A frame cut short at any byte (a partial read, a buggy proxy) is refused as malformed: never a
// throw, never a half-filled message, never a NaN. Hand-written frames of every kind, plus the
// first frame of each kind in the hftbacktest captures, including a ~60 KB REST snapshot
// (sampled in its middle, see nextCut).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sharedText } from '../../../support/shared-data.js';
import { BinanceFrameDecoder } from '../../../../src/data/venues/binance/binance-frame-decoder.js';
import { BinanceField as F, BinanceReject as R, MessageKind } from '../../../../src/data/venues/binance/binance-message-layout.js';
import { assertNoNaN, expectedFor, hftbacktestFrames } from './binance-decoder-reference.js';
import { sampleTexts, SYMBOLS } from './binance-sample-frames.js';

/**
 * Every offset, except inside the middle of a long frame (the ~60 KB snapshot), where every 61st
 * is enough: the levels there all look alike, and every offset would cost seconds.
 */
function nextCut(cut: number, length: number): number {
  const edge = 1024;
  return cut >= edge && cut < length - edge ? cut + 61 : cut + 1;
}

function assertEveryCutRefused(frames: string[], symbols: string[]): void {
  const decoder = new BinanceFrameDecoder(symbols);
  for (const frame of frames) {
    const bytes = Buffer.from(frame, 'utf8');
    const whole = decoder.decode(bytes);
    assert.is(whole, expectedFor(frame, symbols).kind, frame.slice(0, 80));
    for (let cut = 0; cut < bytes.length; cut = nextCut(cut, bytes.length)) {
      const kind = decoder.decode(bytes, cut);
      if (kind !== MessageKind.Rejected || decoder.fields[F.rejectReason] !== R.Malformed) {
        assert.unreachable(`cut at ${cut} of ${frame.slice(0, 80)}: kind ${kind}`);
      }
      assertNoNaN(decoder);
    }
  }
}

test('hand-written frames of every kind: every proper prefix is malformed', () => {
  assertEveryCutRefused(sampleTexts(), SYMBOLS);
});

test('first trade, bookTicker, depth diff and snapshot of each capture: every prefix is malformed', () => {
  for (const file of ['spot_btcusdt_20240808.gz', 'usdm_btcusdt_20240808.gz']) {
    const text = sharedText(`ws/binance/hftbacktest/${file}`);
    if (text === null) return;
    const firstOfKind = new Map<string, string>();
    for (const frame of hftbacktestFrames(text)) {
      const key = /"stream":"[a-z]+@([a-zA-Z]+)/.exec(frame)?.[1] ?? 'snapshot';
      if (!firstOfKind.has(key)) firstOfKind.set(key, frame);
    }
    assert.is(firstOfKind.size, 4);
    assertEveryCutRefused([...firstOfKind.values()], ['BTCUSDT']);
  }
});

test.run();
