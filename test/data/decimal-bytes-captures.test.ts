// parseDecimal on real venue numbers: every quoted decimal and bare number in the first frames of
// the Binance spot and USD-M captures and of the Coinbase capture (prices, quantities, ids, times)
// reads as exactly Number.parseFloat of the same text, bit for bit, and ends where the text ends.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseDecimal } from '../../src/data/decimal-bytes.js';
import { sharedText } from '../support/shared-data.js';

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

function numbersOf(file: string, maxFrames: number): string[] {
  const text = sharedText(file);
  if (text === null) return [];
  const out: string[] = [];
  let frames = 0;
  for (const line of text.split('\n')) {
    if (++frames > maxFrames) break;
    const json = line.slice(line.indexOf('{'));
    for (const m of json.matchAll(/"(-?\d+(?:\.\d+)?)"|:(-?\d+(?:\.\d+)?)[,}\]]/g)) out.push(m[1] ?? m[2]);
  }
  return out;
}

test('every number in the first frames of the captures equals Number.parseFloat of its text', () => {
  const values = new Set<string>([
    ...numbersOf('ws/binance/hftbacktest/spot_btcusdt_20240808.gz', 40_000),
    ...numbersOf('ws/binance/hftbacktest/usdm_btcusdt_20240808.gz', 40_000),
    ...numbersOf('ws/coinbase/cryptofeed/COINBASE.ws.28.0', 20_000),
  ]);
  if (values.size === 0) return; // captures absent here (sharedText said which)
  assert.ok(values.size > 10_000, `only ${values.size} distinct numbers`);
  const out = new Float64Array(1);
  const bits = new BigUint64Array(out.buffer);
  const expected = new Float64Array(1);
  const expectedBits = new BigUint64Array(expected.buffer);
  for (const text of values) {
    assert.ok(NUMBER.test(text), text);
    NUMBER.lastIndex = 0;
    const bytes = Buffer.from(`${text},`, 'latin1');
    const after = parseDecimal(bytes, 0, bytes.length, out, 0);
    assert.is(after, text.length, `end of ${text}`);
    expected[0] = Number.parseFloat(text);
    if (bits[0] !== expectedBits[0]) assert.unreachable(`${text}: ${out[0]} != ${expected[0]}`);
  }
});

test.run();
