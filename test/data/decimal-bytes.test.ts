// parseDecimal gives exactly Number() of the same text (the value JSON.parse gives), on the fast
// path and on the rare path (many digits, exponents), and refuses what is not a JSON number.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseDecimal, skipDecimal } from '../../src/data/decimal-bytes.js';
import { Prng } from '../../src/data/prng.js';
import { assertNoGc } from '../support/allocation.js';

const out = new Float64Array(1);

function parse(text: string): [number, number] {
  const bytes = Buffer.from(text, 'latin1');
  out[0] = 12345;
  const end = parseDecimal(bytes, 0, bytes.length, out, 0);
  return [end, out[0]];
}

test('hand-picked numbers equal Number() of their text, and the end is reported', () => {
  const cases = [
    '0', '-0', '0.00000000', '-0.0', '61837.63000000', '0.00000001', '1', '007', '00.5', '-61837.64',
    '5123107832006', '9007199254740991', '9007199254740992', '9007199254740993', '123456789012345678901234567890',
    '0.1', '0.2', '0.30000000000000004', '1.7976931348623157', '2036102085.69746400', '0.0000000000000000000000001',
    '1e3', '1E-7', '-2.5e+10', '1e400', '-1e400', '4.9e-324', '1e-400', '25.35190000', '123456',
    '0.10000000000000000000000000000', '99999999999999999999.99999999999999999999',
  ];
  for (const text of cases) {
    const [end, value] = parse(text);
    assert.is(end, text.length, `end of ${text}`);
    assert.ok(Object.is(value, Number(text)), `${text}: ${value} !== ${Number(text)}`);
  }
});

test('random decimals of 1 to 20 significant digits equal Number()', () => {
  const rng = new Prng(20240808);
  for (let n = 0; n < 200_000; n++) {
    const intDigits = (rng.nextInt32() >>> 0) % 12;
    const fracDigits = (rng.nextInt32() >>> 0) % 12;
    let text = rng.uniform() < 0.1 ? '-' : '';
    text += intDigits === 0 ? '0' : String(1 + ((rng.nextInt32() >>> 0) % 9));
    for (let i = 1; i < intDigits; i++) text += String((rng.nextInt32() >>> 0) % 10);
    if (fracDigits > 0) {
      text += '.';
      for (let i = 0; i < fracDigits; i++) text += rng.uniform() < 0.3 ? '0' : String((rng.nextInt32() >>> 0) % 10);
    }
    const [end, value] = parse(text);
    assert.is(end, text.length, text);
    if (!Object.is(value, Number(text))) assert.unreachable(`${text}: ${value} !== ${Number(text)}`);
  }
});

test('trailing zeros that overflow the first pass are trimmed in a second one: exact, and no string made', () => {
  // Each has too many digits (mantissa >= 2^53) or fraction digits (> 22) for the first pass
  // only because of its trailing zeros.
  const cases = ['99999999.00000000', '12345678.000000000', '1.10000000000000000000000', '-4503599627.3707000000', '0.00000000000000000001000'];
  const bytes = cases.map((text) => Buffer.from(text, 'latin1'));
  for (let k = 0; k < cases.length; k++) {
    const [end, value] = parse(cases[k]);
    assert.is(end, cases[k].length, cases[k]);
    assert.ok(Object.is(value, Number(cases[k])), `${cases[k]}: ${value} !== ${Number(cases[k])}`);
  }
  const sink = new Float64Array(1);
  assertNoGc('parseDecimal on trailing-zero overflows', (i) => {
    const b = bytes[i % bytes.length];
    parseDecimal(b, 0, b.length, sink, 0);
  }, 2_000_000);
});

test('the number ends at the first byte that cannot continue it', () => {
  for (const [text, end] of [['12,', 2], ['0.5"', 3], ['-7]', 2], ['1e5}', 3], ['3.25 ', 4]] as const) {
    assert.is(parse(text)[0], end, text);
    assert.is(skipDecimal(Buffer.from(text), 0, text.length), end, text);
  }
});

test('text that is not a JSON number is refused and leaves the output alone', () => {
  for (const text of ['', '-', '+1', '.5', '1.', '1.e5', '1e', '1e+', 'NaN', 'Infinity', '-Infinity', 'abc', '"1"', ' 1']) {
    const [end, value] = parse(text);
    assert.is(end, -1, text);
    assert.is(value, 12345, text);
    assert.is(skipDecimal(Buffer.from(text), 0, text.length), -1, text);
  }
});

test('never reads at or past end', () => {
  const bytes = Buffer.from('12345.678');
  assert.is(parseDecimal(bytes, 0, 4, out, 0), 4);
  assert.is(out[0], 1234);
  assert.is(parseDecimal(bytes, 0, 6, out, 0), -1); // "12345." cut before its fraction
});

test.run();
