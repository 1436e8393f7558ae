/**
 * Websocket frame bytes -> text for the JSON venues. Invalid UTF-8 yields undefined (the caller
 * counts a malformed frame) instead of a string with replacement characters that might still
 * parse as JSON with a silently altered symbol or price.
 */

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** What `parseJsonFrame` returns for a frame that is not valid UTF-8 JSON. */
export const NOT_JSON: unique symbol = Symbol('not JSON');

/** A frame (text, or the bytes a websocket delivers) parsed as JSON, or NOT_JSON; never throws. */
export function parseJsonFrame(frame: unknown): unknown {
  const text = frame instanceof Uint8Array ? decodeUtf8(frame) : frame;
  if (typeof text !== 'string') return NOT_JSON;
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}
