/**
 * Decimal numbers read straight from ASCII/UTF-8 bytes, with the value JSON.parse (or Number() of
 * the same text) would give, and without creating a string on the usual path.
 *
 * Grammar: `-? digits ( . digits )? ( [eE] [+-]? digits )?`, i.e. JSON's number grammar except
 * that parseDecimal accepts leading zeros (`007`), as Number() does inside a quoted value; a bare
 * JSON number must not have them (hasLeadingZero, skipDecimal). `1.`, `.5`, `+1`, `NaN`,
 * `Infinity` and the empty text are not numbers here.
 *
 * Why it is exact: the digits are gathered into an integer mantissa m and a count k of fraction
 * digits (`61837.63000000` is m = 6183763000000, k = 8; when that is too long, a second pass drops
 * the trailing fraction zeros: m = 6183763, k = 2). While
 * m < 2^53 it is held exactly in a float64, and 10^k is exact for k <= 22, so m / 10^k is one
 * correctly rounded IEEE division of two exact values: the double nearest to the decimal, which
 * is what JSON.parse returns. When the mantissa reaches 2^53 (more than ~15 significant digits),
 * k > 22 or an exponent is present, the text is handed to Number(): that rare path builds a short
 * string and so allocates. Binance prices and quantities never take it; a kline quote volume
 * with 17 significant digits does.
 *
 * Results are written into a caller's Float64Array rather than returned, so a caller in another
 * compiled function never receives a boxed double; the return value is a small integer position.
 */

const TWO_POW_53 = 9007199254740992;
const MAX_EXACT_POW10 = 22;

const POW10 = new Float64Array(MAX_EXACT_POW10 + 1);
for (let k = 0; k <= MAX_EXACT_POW10; k++) POW10[k] = Number(`1e${k}`);

const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const LOWER_E = 101;
const PLUS = 43;

/**
 * Parse the number starting at `pos` (before `end`) into `out[outIndex]`.
 * Returns the position just after the number, or -1 when no number starts at `pos` (then
 * `out[outIndex]` is left as it was). The byte at the returned position is not examined: the
 * caller decides which delimiters may follow.
 */
export function parseDecimal(bytes: Uint8Array, pos: number, end: number, out: Float64Array, outIndex: number): number {
  // Kept small enough for the compiler to inline into its callers. Every fraction digit goes into
  // the mantissa, trailing zeros too: a zero-free loop is about twice as fast, and dropping the
  // zeros only matters when they push the mantissa past 2^53 or the scale past 22 (Binance's
  // `61837.63000000` is 13 digits), which parseTrimmed then handles. A mantissa with trailing
  // zeros divided by the matching power of ten is the same decimal, so the same correctly rounded
  // quotient.
  let i = pos;
  if (i < end && bytes[i] === MINUS) i++;
  const integerStart = i;
  let mantissa = 0;
  let digit = 0;
  while (i < end && (digit = bytes[i] - ZERO) >= 0 && digit <= 9) {
    mantissa = mantissa * 10 + digit;
    i++;
  }
  if (i === integerStart) return -1;
  let scale = 0;
  if (i < end && bytes[i] === DOT) {
    const fractionStart = ++i;
    while (i < end && (digit = bytes[i] - ZERO) >= 0 && digit <= 9) {
      mantissa = mantissa * 10 + digit;
      i++;
    }
    scale = i - fractionStart;
    if (scale === 0) return -1;
  }
  // Rounding is monotone, so a mantissa whose true value reached 2^53 also reads >= 2^53 here.
  if (mantissa >= TWO_POW_53 || scale > MAX_EXACT_POW10 || (i < end && (bytes[i] | 32) === LOWER_E)) {
    return parseTrimmed(bytes, pos, end, out, outIndex);
  }
  const magnitude = scale === 0 ? mantissa : mantissa / POW10[scale];
  out[outIndex] = bytes[pos] === MINUS ? -magnitude : magnitude;
  return i;
}

/**
 * parseDecimal's second pass, for a number whose digits did not fit its fast path: trailing
 * fraction zeros are dropped (`12345678.000000000` is m = 12345678, k = 0), which keeps most
 * such numbers exact without a string; what still does not fit goes to parseRare. The syntax was
 * already checked by the first pass.
 */
function parseTrimmed(bytes: Uint8Array, pos: number, end: number, out: Float64Array, outIndex: number): number {
  let i = pos;
  if (bytes[i] === MINUS) i++;
  let mantissa = 0;
  let digit = 0;
  while (i < end && (digit = bytes[i] - ZERO) >= 0 && digit <= 9) {
    mantissa = mantissa * 10 + digit;
    i++;
  }
  let scale = 0;
  if (i < end && bytes[i] === DOT) {
    const fractionStart = ++i;
    let pendingZeros = 0;
    while (i < end && (digit = bytes[i] - ZERO) >= 0 && digit <= 9) {
      i++;
      if (digit === 0) {
        pendingZeros++;
        continue;
      }
      // Zeros only count once a nonzero digit follows them, so trailing zeros never grow m.
      for (; pendingZeros > 0; pendingZeros--) mantissa *= 10;
      mantissa = mantissa * 10 + digit;
      scale = i - fractionStart;
    }
  }
  if (mantissa >= TWO_POW_53 || scale > MAX_EXACT_POW10 || (i < end && (bytes[i] | 32) === LOWER_E)) {
    return parseRare(bytes, pos, i, end, out, outIndex);
  }
  const magnitude = scale === 0 ? mantissa : mantissa / POW10[scale];
  out[outIndex] = bytes[pos] === MINUS ? -magnitude : magnitude;
  return i;
}

/** The rare path: an exponent (read from `i`), or too many digits for the exact division. */
function parseRare(bytes: Uint8Array, pos: number, i: number, end: number, out: Float64Array, outIndex: number): number {
  i = skipExponent(bytes, i, end);
  if (i < 0) return -1;
  out[outIndex] = numberOfText(bytes, pos, i);
  return i;
}

/** Past an optional exponent (`e`, `E`, sign, digits) at `i`; -1 for an `e` without digits. */
function skipExponent(bytes: Uint8Array, i: number, end: number): number {
  if (i >= end || (bytes[i] | 32) !== LOWER_E) return i;
  i++;
  if (i < end && (bytes[i] === PLUS || bytes[i] === MINUS)) i++;
  const exponentStart = i;
  while (i < end && bytes[i] >= ZERO && bytes[i] <= ZERO + 9) i++;
  return i === exponentStart ? -1 : i;
}

/** True when the number at `pos` starts with a zero followed by a digit (`01`, `-007`): not a JSON number. */
export function hasLeadingZero(bytes: Uint8Array, pos: number, end: number): boolean {
  const i = pos < end && bytes[pos] === MINUS ? pos + 1 : pos;
  return i + 1 < end && bytes[i] === ZERO && bytes[i + 1] >= ZERO && bytes[i + 1] <= ZERO + 9;
}

/**
 * Position just after a bare JSON number starting at `pos`, or -1: parseDecimal's grammar
 * without leading zeros, and without computing the value (for values that are only skipped).
 */
export function skipDecimal(bytes: Uint8Array, pos: number, end: number): number {
  if (hasLeadingZero(bytes, pos, end)) return -1;
  let i = pos;
  if (i < end && bytes[i] === MINUS) i++;
  const integerStart = i;
  while (i < end && bytes[i] >= ZERO && bytes[i] <= ZERO + 9) i++;
  if (i === integerStart) return -1;
  if (i < end && bytes[i] === DOT) {
    const fractionStart = ++i;
    while (i < end && bytes[i] >= ZERO && bytes[i] <= ZERO + 9) i++;
    if (i === fractionStart) return -1;
  }
  return skipExponent(bytes, i, end);
}

/** The rare path: the grammar was already checked, so Number() of the text is the JSON value. */
function numberOfText(bytes: Uint8Array, start: number, end: number): number {
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]);
  return Number(text);
}
