// A crypto session on Binance and Coinbase that trades BTC as one unified symbol with routed
// orders (`execution.routing: best_price`): BTC/USDT@binance (instrument 0, the lead) and
// BTC/USD@coinbase (instrument 1). Parsed from conf/crypto.yml with only those fields changed.
import { readFileSync } from 'node:fs';
import { defaultConfigPath, parseConfig, type LoadOptions, type PipelineConfig } from '../../src/pipeline/config.js';

export function routedCryptoConfig(edit: (yaml: string) => string = (y) => y, options: LoadOptions = {}): PipelineConfig {
  const file = defaultConfigPath('crypto');
  const yaml = readFileSync(file, 'utf8')
    .replace(/^symbols: .*$/m, 'symbols: [BTC/USDT, BTC/USD]')
    .replace(/startPrices: \{[^}]*\}/, 'startPrices: {BTC/USDT: 100, BTC/USD: 100}')
    .replace(/^  kind: sim$/m, '  kind: live')
    .replace('cryptoVenues: []', 'cryptoVenues: [binance, coinbase]')
    .replace('consolidatedSymbols: {}', 'consolidatedSymbols: {BTC/USD: {binance: BTC/USDT, coinbase: BTC/USD}}')
    .replace('routing: own_venue', 'routing: best_price')
    .replace(/^  port: 9464$/m, '  port: 0');
  return parseConfig(edit(yaml), file, options);
}
