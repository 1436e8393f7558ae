// readDecimal is bit-for-bit Number(text) on every well-formed decimal (short and long, with
// leading and trailing zeros), and refuses everything Number would quietly accept.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readDecimal, readWholeNumber } from '../../../src/data/venues/decimal-text.js';

const out = new Float64Array(1);

test('random decimals, 1 to 22 digits: identical to Number(text)', () => {
  let state = 3;
  const next = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(next() * 10)).join('');
  for (let i = 0; i < 100_000; i++) {
    const int = digits(1 + Math.floor(next() * 8)).replace(/^0+(?=\d)/, '');
    const frac = next() < 0.2 ? '' : `.${digits(1 + Math.floor(next() * 14))}`;
    const text = `${next() < 0.1 ? '-' : ''}${int}${frac}`;
    assert.ok(readDecimal(text, out, 0), text);
    assert.ok(Object.is(out[0], Number(text)), `${text}: ${out[0]} vs ${Number(text)}`);
  }
  for (const text of ['0.00001306', '65083.67', '0.02501394006035', '1786279500', '0.1', '0.3', '9007199254740993', '123456789012345678.5', '0.00000000000000000000000001']) {
    assert.ok(readDecimal(text, out, 0), text);
    assert.is(out[0], Number(text), text);
  }
});

test('refused: what Number would accept but a venue never sends', () => {
  for (const text of ['', ' ', ' 1', '1 ', '+1', '1e3', '1E3', '0x10', 'Infinity', 'NaN', '.5', '5.', '1.2.3', '--1', '1,5', '١', 5, null]) {
    out[0] = -7;
    assert.not.ok(readDecimal(text, out, 0), JSON.stringify(text));
    assert.is(out[0], -7);
  }
});

test('readWholeNumber: JSON numbers or digit text, integers in [0, 2^53)', () => {
  assert.ok(readWholeNumber(2040407747, out, 0));
  assert.is(out[0], 2040407747);
  assert.ok(readWholeNumber('1068572090', out, 0));
  assert.is(out[0], 1068572090);
  for (const v of [-1, 1.5, '1.5', '-3', 2 ** 53, NaN, '', null]) assert.not.ok(readWholeNumber(v, out, 0), String(v));
});

test.run();
