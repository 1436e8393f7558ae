// Credentials for gateways under test: distinctive fake values (so a leak is easy to search for),
// put through the same environment reader production uses.
import { generateKeyPairSync } from 'node:crypto';
import { credentialsFromEnv, type LiveVenue, type VenueCredentials } from '../../src/execution/live/live-credentials.js';

/** An EC private key in PEM, as Coinbase's CDP keys are (ccxt signs Advanced Trade requests with it as a JWT). */
export function fakeEcPrivateKeyPem(): string {
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString();
}

/** The environment a test gateway reads its keys from; every value is unique to this call. */
export function fakeKeyEnv(tag = 'x'): NodeJS.ProcessEnv {
  const salt = `${tag}${Math.random().toString(36).slice(2, 10)}`;
  return {
    BINANCE_API_KEY: `FAKEBINANCEKEY${salt}AAAAAAAAAAAAAAAAAAAA`,
    BINANCE_API_SECRET: `FAKEBINANCESECRET${salt}BBBBBBBBBBBBBBBBBB`,
    COINBASE_API_KEY: `organizations/fake-org-${salt}/apiKeys/fake-key-${salt}`,
    // One line with "\n" escapes, the way a .env file or CI secret holds a PEM key.
    COINBASE_API_SECRET: fakeEcPrivateKeyPem().replace(/\n/g, '\\n'),
    COINBASE_EXCHANGE_API_KEY: `FAKECBXKEY${salt}CCCCCCCCCCCCCCCC`,
    COINBASE_EXCHANGE_API_SECRET: Buffer.from(`FAKECBXSECRET${salt}DDDDDDDDDDDDDDDD`).toString('base64'),
    COINBASE_EXCHANGE_API_PASSPHRASE: `FAKEPASS${salt}EEEE`,
    APCA_API_KEY_ID: `FAKEALPACAKEY${salt}FFFFFFFF`,
    APCA_API_SECRET_KEY: `FAKEALPACASECRET${salt}GGGGGGGGGGGGGGGG`,
  };
}

export function fakeCredentials(venue: LiveVenue, env: NodeJS.ProcessEnv = fakeKeyEnv()): VenueCredentials {
  return credentialsFromEnv(venue, env);
}
