/**
 * Decimal text -> float64, for venues that send prices and sizes as JSON strings ("0.00001306").
 *
 * Strict on purpose: only `[-]digits[.digits]` is accepted. `Number(text)` would also accept "",
 * " 12 ", "0x1f", "1e3" and "Infinity" (and map "" to 0), which a venue never sends for a price;
 * such text is a malformed message, so it is reported as such instead of becoming a price.
 *
 * Exactness: the digits are accumulated as an integer mantissa and divided once by an exact power
 * of ten. With at most 15 significant digits and at most 22 fraction digits both operands are
 * exact doubles, so the single IEEE division is correctly rounded: the result is bit-for-bit what
 * `Number(text)` gives. Longer text (rare: more than 15 significant digits) is validated here and
 * converted by `Number`, which is also exact but may box its result.
 *
 * No allocation on the common path: the result goes into a caller-owned Float64Array slot (a
 * double returned from a call V8 does not inline would be boxed) and the function returns whether
 * the text was well formed.
 */

const POW10 = new Float64Array(23);
for (let k = 0, p = 1; k < POW10.length; k++, p *= 10) POW10[k] = p;

const DIGIT_0 = 48;
const DIGIT_9 = 57;
const MINUS = 45;
const DOT = 46;

/**
 * Parse `text` as a strict decimal into `out[at]`. Returns false (and leaves `out[at]` as it was)
 * when `text` is not a string of the form `[-]digits[.digits]`.
 */
export function readDecimal(text: unknown, out: Float64Array, at: number): boolean {
  if (typeof text !== 'string') return false;
  const length = text.length;
  let i = 0;
  let negative = false;
  if (length > 0 && text.charCodeAt(0) === MINUS) { negative = true; i = 1; }
  let mantissa = 0;
  let significant = 0;
  let integerDigits = 0;
  let fractionDigits = 0;
  let seenDot = false;
  for (; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c >= DIGIT_0 && c <= DIGIT_9) {
      if (seenDot) fractionDigits++; else integerDigits++;
      if (significant > 0 || c !== DIGIT_0) significant++;
      mantissa = mantissa * 10 + (c - DIGIT_0);
    } else if (c === DOT && !seenDot && integerDigits > 0) {
      seenDot = true;
    } else {
      return false;
    }
  }
  if (integerDigits === 0 || (seenDot && fractionDigits === 0)) return false;
  if (significant <= 15 && fractionDigits < POW10.length) {
    const value = fractionDigits === 0 ? mantissa : mantissa / POW10[fractionDigits];
    out[at] = negative ? -value : value;
  } else {
    out[at] = Number(text);
  }
  return true;
}

/** A JSON number or decimal text that is a whole number in [0, 2^53), into `out[at]`. */
export function readWholeNumber(value: unknown, out: Float64Array, at: number): boolean {
  if (typeof value === 'number') {
    if (!(value >= 0 && value <= Number.MAX_SAFE_INTEGER && Math.floor(value) === value)) return false;
    out[at] = value;
    return true;
  }
  return readDecimal(value, out, at) && out[at] >= 0 && out[at] <= Number.MAX_SAFE_INTEGER && Math.floor(out[at]) === out[at];
}

/** Decimal text that is finite and > 0 (a price or a traded size), into `out[at]`. */
export function readPositiveDecimal(text: unknown, out: Float64Array, at: number): boolean {
  return readDecimal(text, out, at) && out[at] > 0 && out[at] < Infinity;
}

/** Decimal text that is finite and >= 0 (a resting quantity, where 0 means none), into `out[at]`. */
export function readNonNegativeDecimal(text: unknown, out: Float64Array, at: number): boolean {
  return readDecimal(text, out, at) && out[at] >= 0 && out[at] < Infinity;
}
