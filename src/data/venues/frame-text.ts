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
