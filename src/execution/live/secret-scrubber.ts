/**
 * Removes credentials from text before it leaves a gateway: error messages from ccxt and fetch can
 * quote a request URL (Binance puts its signature in the query string), echo headers, or, on some
 * venues, repeat the key the request was made with.
 *
 * Two nets: every known secret value (as is, JSON-escaped, URL-encoded, and each line of a PEM key),
 * and the shapes credentials travel in whatever their value (signature query parameters, bearer
 * tokens, JWTs, the venues' key headers), so a value derived from a secret is caught too.
 */
const REDACTED = '[redacted]';

/** Shapes that carry a credential or a signature made with one. */
const CREDENTIAL_SHAPES: readonly RegExp[] = [
  /([?&](?:signature|apiKey|api_key|key|token|passphrase)=)[^&\s"'<>]*/gi,
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi,
  /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g,
  /((?:X-MBX-APIKEY|CB-ACCESS-KEY|CB-ACCESS-SIGN|CB-ACCESS-PASSPHRASE|APCA-API-KEY-ID|APCA-API-SECRET-KEY|Authorization)["']?\s*[:=]\s*["']?)[^"',\s}]+/gi,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
];

/** Shorter pieces of a PEM body would match ordinary text. */
const MIN_PEM_LINE = 16;

export class SecretScrubber {
  private readonly needles: string[];

  constructor(secrets: readonly string[]) {
    const needles = new Set<string>();
    for (const secret of secrets) {
      if (secret.length === 0) continue;
      needles.add(secret);
      needles.add(JSON.stringify(secret).slice(1, -1));
      needles.add(encodeURIComponent(secret));
      for (const line of secret.split(/\r?\n|\\n/)) {
        if (line.length >= MIN_PEM_LINE && !line.startsWith('-----')) needles.add(line);
      }
    }
    // Longest first, so a secret containing another is removed whole.
    this.needles = [...needles].sort((a, b) => b.length - a.length);
  }

  scrub(text: string): string {
    let out = text;
    for (const needle of this.needles) out = out.split(needle).join(REDACTED);
    for (const shape of CREDENTIAL_SHAPES) {
      out = out.replace(shape, (_match, prefix: unknown) => (typeof prefix === 'string' && /[=:\s"']$/.test(prefix) ? prefix : '') + REDACTED);
    }
    return out;
  }
}
