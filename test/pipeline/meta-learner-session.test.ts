// A session with the meta-learner on (ensemble.metaLearningRate > 0): L2 scores the models'
// calls as the simulated market moves and /metrics shows each model's learnt weight, hit rate and
// calls scored; with it off (the default) every model is weighed at its configured weight.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cryptoConfig } from './cli-session.js';
import { CliChild, freePort } from '../support/cli-child.js';
import { fetchWithin, waitUntil } from '../support/deadline.js';

test('meta-learner on: calls scored, weights learnt below 1, hit rates in 0..1', async () => {
  const config = cryptoConfig((yml) => yml.replace('metaLearningRate: 0', 'metaLearningRate: 0.2').replace('metaHorizonScale: 1', 'metaHorizonScale: 0.003'));
  const port = await freePort();
  const cli = new CliChild(['run', 'crypto', '--config', config, '--metrics-port', String(port), '--json']);
  try {
    await cli.waitFor('stderr', /market data connected/, 'the market data connection');
    let text = '';
    const value = (series: string): number => Number(text.split('\n').find((l) => l.startsWith(series))?.split(' ').pop());
    await waitUntil(async () => {
      text = await (await fetchWithin(`http://127.0.0.1:${port}/metrics`)).text();
      return value('tradebot_model_calls_scored{model="book_pressure"}') > 20 && value('tradebot_model_calls_scored{model="ma_momentum"}') > 20;
    }, 20_000, () => `calls scored:\n${text.split('\n').filter((l) => l.startsWith('tradebot_model_')).join('\n')}`, 200);
    for (const model of ['book_pressure', 'ma_momentum']) {
      const weights = ['trending', 'mean_reverting', 'high_volatility', 'unknown'].map((r) => value(`tradebot_model_weight{model="${model}",regime="${r}"}`));
      const weight = Math.min(...weights);
      const hit = value(`tradebot_model_directional_accuracy_ratio{model="${model}"}`);
      assert.ok(weight > 0 && weight < 1, `${model} weights ${weights}: learnt in some regime, not the configured 1`);
      assert.ok(hit >= 0 && hit <= 1, `${model} hit rate ${hit}`);
    }
    assert.is(value('tradebot_model_weight{model="rsi_reversion",regime="trending"}'), 0, 'a model that is off weighs 0');
    const regimes = text.split('\n').filter((l) => l.startsWith('tradebot_symbol_regime{symbol="BTC/USDT"') && l.endsWith(' 1'));
    assert.is(regimes.length, 1, `one current regime for BTC/USDT: ${regimes.join(', ')}`);
    assert.is(value('tradebot_model_calls_scored{model="rsi_reversion"}'), 0);
  } finally {
    cli.kill();
  }
});

test('meta-learner off (default): every running model at its configured weight', async () => {
  const port = await freePort();
  const cli = new CliChild(['run', 'crypto', '--metrics-port', String(port), '--json']);
  try {
    await cli.waitFor('stderr', /market data connected/, 'the market data connection');
    let text = '';
    await waitUntil(async () => {
      text = await (await fetchWithin(`http://127.0.0.1:${port}/metrics`)).text();
      return text.includes('tradebot_model_weight{model="book_pressure",regime="trending"} 1');
    }, 15_000, () => text.split('\n').filter((l) => l.startsWith('tradebot_model_')).join('\n'), 200);
    assert.match(text, /tradebot_model_calls_scored\{model="ma_momentum"\} 0\n/);
  } finally {
    cli.kill();
  }
});

test.run();
