/**
 * Scanning JSON text as bytes, for decoders that read a frame in one pass without JSON.parse and
 * without creating strings. Every function takes the bytes, a position and an exclusive `end`,
 * never reads at or past `end`, and returns the position after what it consumed, or -1 when the
 * text there is not valid JSON (including text cut short by `end`). Nothing here throws or
 * allocates.
 *
 * What is checked when skipping, as strictly as JSON.parse: string quoting and escapes (a raw
 * control byte inside a string, or an escape other than JSON's, is refused), number grammar (no
 * leading zeros), the literals, commas, colons and bracket pairing (`[}` is refused). UTF-8
 * validity of string bytes is not checked (JSON.parse never sees bytes, only decoded text).
 * Nesting deeper than MAX_SKIP_DEPTH is refused as malformed rather than recursed into: skipping
 * is iterative, so hostile input cannot exhaust the stack.
 */

import { skipDecimal } from './decimal-bytes.js';

export const QUOTE = 34;
export const BACKSLASH = 92;
export const COMMA = 44;
export const COLON = 58;
export const LEFT_BRACE = 123;
export const RIGHT_BRACE = 125;
export const LEFT_BRACKET = 91;
export const RIGHT_BRACKET = 93;

/** Deepest nesting a skipped value may have. */
export const MAX_SKIP_DEPTH = 512;

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;

const TRUE_BYTES = asciiBytes('true');
const FALSE_BYTES = asciiBytes('false');
const NULL_BYTES = asciiBytes('null');

/** 1 for an open object, 2 for an open array, per depth of the value being skipped. */
const openers = new Uint8Array(MAX_SKIP_DEPTH);

/** Bytes of an ASCII string, for comparing keys and names (setup time only: allocates). */
export function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 127) throw new Error(`not ASCII: ${JSON.stringify(text)}`);
    out[i] = code;
  }
  return out;
}

/** True when bytes[start, end) equals `pattern`. */
export function bytesEqual(bytes: Uint8Array, start: number, end: number, pattern: Uint8Array): boolean {
  if (end - start !== pattern.length) return false;
  for (let i = 0; i < pattern.length; i++) if (bytes[start + i] !== pattern[i]) return false;
  return true;
}

/** First position at or after `pos` that is not JSON whitespace (or `end`). */
export function skipWhitespace(bytes: Uint8Array, pos: number, end: number): number {
  while (pos < end) {
    const c = bytes[pos];
    if (c !== SPACE && c !== LF && c !== CR && c !== TAB) return pos;
    pos++;
  }
  return end;
}

/**
 * For a string whose content starts at `start` (just after the opening quote): the position of
 * its closing quote when the content has no escape, -2 when it has one (the caller then skips it
 * with skipString), -1 when it is cut short or holds a raw control byte.
 */
export function plainStringEnd(bytes: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    if (c === QUOTE) return i;
    if (c === BACKSLASH) return -2;
    if (c < SPACE) return -1;
  }
  return -1;
}

/** Skip a string whose opening quote is at `pos`. */
export function skipString(bytes: Uint8Array, pos: number, end: number): number {
  let i = pos + 1;
  while (i < end) {
    const c = bytes[i];
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) {
      i = skipEscape(bytes, i, end);
      if (i < 0) return -1;
    } else {
      if (c < SPACE) return -1;
      i++;
    }
  }
  return -1;
}

/** `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t` or `\u` and four hex digits, backslash at `pos`. */
function skipEscape(bytes: Uint8Array, pos: number, end: number): number {
  if (pos + 1 >= end) return -1;
  const c = bytes[pos + 1];
  if (c === QUOTE || c === BACKSLASH || c === 47 || c === 98 || c === 102 || c === 110 || c === 114 || c === 116) return pos + 2;
  if (c !== 117 || pos + 5 >= end) return -1;
  for (let i = pos + 2; i < pos + 6; i++) {
    const h = bytes[i];
    if (!((h >= 48 && h <= 57) || (h >= 65 && h <= 70) || (h >= 97 && h <= 102))) return -1;
  }
  return pos + 6;
}

/** Skip `true`, `false` or `null` starting at `pos`. */
export function skipLiteral(bytes: Uint8Array, pos: number, end: number): number {
  const c = bytes[pos];
  const literal = c === 116 ? TRUE_BYTES : c === 102 ? FALSE_BYTES : c === 110 ? NULL_BYTES : null;
  if (literal === null || pos + literal.length > end) return -1;
  for (let i = 1; i < literal.length; i++) if (bytes[pos + i] !== literal[i]) return -1;
  return pos + literal.length;
}

/** Skip one complete JSON value starting exactly at `pos` (no leading whitespace). */
export function skipValue(bytes: Uint8Array, pos: number, end: number): number {
  if (pos >= end) return -1;
  const c = bytes[pos];
  if (c === QUOTE) return skipString(bytes, pos, end);
  if (c === LEFT_BRACE || c === LEFT_BRACKET) return skipContainer(bytes, pos, end);
  if (c === 116 || c === 102 || c === 110) return skipLiteral(bytes, pos, end);
  return skipDecimal(bytes, pos, end);
}

/**
 * An object or array, walked with an explicit stack of openers. Inside a container the state is
 * "expect a value" or "expect a separator"; object keys are strings followed by a colon.
 */
function skipContainer(bytes: Uint8Array, pos: number, end: number): number {
  let depth = 0;
  let i = pos;
  // After an opener or a comma a value (or, in an object, a key) is due; after a value, a separator.
  let expectValue = true;
  let afterOpener = false;
  while (i < end) {
    i = skipWhitespace(bytes, i, end);
    if (i >= end) return -1;
    const c = bytes[i];
    if (expectValue) {
      if ((c === RIGHT_BRACE || c === RIGHT_BRACKET) && afterOpener) {
        expectValue = false;
        afterOpener = false;
        continue;
      }
      afterOpener = false;
      if (c === LEFT_BRACE || c === LEFT_BRACKET) {
        if (depth === MAX_SKIP_DEPTH) return -1;
        openers[depth++] = c === LEFT_BRACE ? 1 : 2;
        afterOpener = true;
        i++;
        if (c === LEFT_BRACE) {
          i = skipWhitespace(bytes, i, end);
          if (i < end && bytes[i] === RIGHT_BRACE) continue;
          i = skipKey(bytes, i, end);
          if (i < 0) return -1;
          afterOpener = false;
        }
        continue;
      }
      i = skipValue(bytes, i, end);
      if (i < 0) return -1;
      expectValue = false;
      continue;
    }
    const open = openers[depth - 1];
    if (c === COMMA) {
      i++;
      if (open === 1) {
        i = skipKey(bytes, skipWhitespace(bytes, i, end), end);
        if (i < 0) return -1;
      }
      expectValue = true;
      continue;
    }
    if ((c === RIGHT_BRACE && open === 1) || (c === RIGHT_BRACKET && open === 2)) {
      depth--;
      i++;
      if (depth === 0) return i;
      continue;
    }
    return -1;
  }
  return -1;
}

/** `"key" :` starting at `pos`; returns the position after the colon. */
function skipKey(bytes: Uint8Array, pos: number, end: number): number {
  if (pos >= end || bytes[pos] !== QUOTE) return -1;
  let i = skipString(bytes, pos, end);
  if (i < 0) return -1;
  i = skipWhitespace(bytes, i, end);
  if (i >= end || bytes[i] !== COLON) return -1;
  return i + 1;
}

/**
 * The string whose content is bytes[start, close) (already checked by skipString), escapes
 * decoded, into `out`: its length, or -1 when it holds a character past ASCII or does not fit.
 * For matching an escaped key against the ASCII names a decoder reads: JSON.parse unescapes
 * keys, so `"\u0070"` is the key `p`.
 */
export function unescapeAscii(bytes: Uint8Array, start: number, close: number, out: Uint8Array): number {
  let n = 0;
  let i = start;
  while (i < close) {
    let c = bytes[i];
    if (c === BACKSLASH) {
      const e = bytes[i + 1];
      if (e === 117) {
        c = 0;
        for (let k = i + 2; k < i + 6; k++) {
          const h = bytes[k];
          c = c * 16 + (h <= 57 ? h - 48 : (h | 32) - 87);
        }
        i += 6;
      } else {
        c = e === 98 ? 8 : e === 102 ? 12 : e === 110 ? 10 : e === 114 ? 13 : e === 116 ? 9 : e;
        i += 2;
      }
    } else {
      i++;
    }
    if (c >= 128 || n >= out.length) return -1;
    out[n++] = c;
  }
  return n;
}
