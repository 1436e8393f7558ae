/**
 * Venue API keys, read from the environment and nowhere else (no config file, no flag: a key in a
 * file or on a command line ends up in backups and shell histories). This is the one module that
 * reads them.
 *
 * A VenueCredentials object keeps its values in private fields and prints as "[redacted]" through
 * JSON.stringify, util.inspect, console.log and string conversion, so an object that reaches a
 * log line by accident carries no key. Error messages name the variables, never their values.
 */
import { inspect } from 'node:util';

export type LiveVenue = 'binance' | 'coinbase' | 'coinbaseexchange' | 'alpaca';
export const LIVE_VENUES: readonly LiveVenue[] = ['binance', 'coinbase', 'coinbaseexchange', 'alpaca'];

interface CredentialVars {
  readonly apiKey: string;
  readonly secret: string;
  /** Coinbase Exchange's third credential (the key's passphrase). */
  readonly passphrase?: string;
}

/** The environment variables each venue's keys are read from. */
export const CREDENTIAL_VARS: Readonly<Record<LiveVenue, CredentialVars>> = {
  binance: { apiKey: 'BINANCE_API_KEY', secret: 'BINANCE_API_SECRET' },
  // Advanced Trade (CDP) keys: the key name "organizations/.../apiKeys/..." and its EC private key.
  coinbase: { apiKey: 'COINBASE_API_KEY', secret: 'COINBASE_API_SECRET' },
  coinbaseexchange: { apiKey: 'COINBASE_EXCHANGE_API_KEY', secret: 'COINBASE_EXCHANGE_API_SECRET', passphrase: 'COINBASE_EXCHANGE_API_PASSPHRASE' },
  // Alpaca's own SDKs read these names, so one set of variables serves both.
  alpaca: { apiKey: 'APCA_API_KEY_ID', secret: 'APCA_API_SECRET_KEY' },
};

/** Real keys are long; anything shorter is a truncated paste, and too short to redact reliably. */
const MIN_CREDENTIAL_LENGTH = 8;

const REDACTED = '[redacted]';

export class VenueCredentials {
  readonly #apiKey: string;
  readonly #secret: string;
  readonly #passphrase: string | undefined;

  constructor(readonly venue: LiveVenue, apiKey: string, secret: string, passphrase?: string) {
    this.#apiKey = apiKey;
    this.#secret = secret;
    this.#passphrase = passphrase;
  }

  get apiKey(): string { return this.#apiKey; }
  get secret(): string { return this.#secret; }
  get passphrase(): string | undefined { return this.#passphrase; }

  /** Every value that must never leave the process in text (for the scrubber). */
  secretValues(): string[] {
    return [this.#apiKey, this.#secret, ...(this.#passphrase === undefined ? [] : [this.#passphrase])];
  }

  toJSON(): Record<string, string> { return { venue: this.venue, apiKey: REDACTED, secret: REDACTED }; }
  toString(): string { return `VenueCredentials(${this.venue}, ${REDACTED})`; }
  [inspect.custom](): string { return this.toString(); }
}

/**
 * The keys of `venue` from `env`. Throws naming every missing or implausible variable (names only),
 * so one run tells the operator everything to fix.
 */
export function credentialsFromEnv(venue: LiveVenue, env: NodeJS.ProcessEnv = process.env): VenueCredentials {
  const vars = CREDENTIAL_VARS[venue];
  if (vars === undefined) throw new Error(`no credentials are defined for venue ${JSON.stringify(venue)} (one of ${LIVE_VENUES.join(', ')})`);
  const names = [vars.apiKey, vars.secret, ...(vars.passphrase === undefined ? [] : [vars.passphrase])];
  const problems: string[] = [];
  const values = names.map((name) => {
    const value = (env[name] ?? '').trim();
    if (value === '') problems.push(`${name} is not set`);
    else if (value.length < MIN_CREDENTIAL_LENGTH) problems.push(`${name} is shorter than ${MIN_CREDENTIAL_LENGTH} characters (truncated?)`);
    return value;
  });
  if (problems.length > 0) throw new Error(`${venue} credentials: ${problems.join('; ')}`);
  return new VenueCredentials(venue, values[0], unescapePem(values[1]), values[2]);
}

/**
 * A PEM private key in an environment variable usually arrives with its newlines written as "\n"
 * (one line in a .env file or a CI secret); ccxt signs only with real newlines.
 */
function unescapePem(secret: string): string {
  return secret.startsWith('-----BEGIN') && !secret.includes('\n') ? secret.replace(/\\n/g, '\n') : secret;
}
