#!/usr/bin/env node
/**
 * The `tradebot` command line. Sub-commands load their modules lazily so `--help` stays instant
 * and a benchmark run does not pay for the trading stack's imports.
 */
// First import: a session's signals are caught before anything else loads.
import { sessionSignals } from './pipeline/session-signals.js';
import { writeSync } from 'node:fs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { lastBoolean, lastNumber, lastString, listValue, refuseRepeatedItems, strayArgumentMessage } from './pipeline/run-flags.js';
import { ConfigError } from './pipeline/config.js';
import { suggestKey } from './pipeline/config-schema.js';
import { ExitCode, UsageError } from './pipeline/exit-codes.js';

/** Flags the commands know, for a did-you-mean on a mistyped one. */
const KNOWN_FLAGS = ['symbols', 'replay', 'speed', 'venue', 'out', 'force', 'duration', 'source', 'topology', 'config', 'metrics-port', 'json', 'live', 'quick', 'prices', 'horizon', 'help', 'version', 'model', 'data', 'epochs', 'window', 'seed', 'batch-size', 'learning-rate', 'note', 'models-dir', 'cost-bps', 'bars', 'symbol'];

/** yargs' own messages, said the way the rest of the command line says things. */
function explainYargsMessage(msg: string): string {
  const unknown = /^Unknown arguments?: (.+)$/.exec(msg);
  if (unknown) {
    // The parser takes a value that starts with "-" and is not a plain number (`--duration -5s`)
    // for short flags (-5, -s): say what was typed, against the flag it was meant for.
    const args = hideBin(process.argv);
    const negatives = args.flatMap((arg, i) => (/^-\d/.test(arg) && /^--[^=]+$/.test(args[i - 1] ?? '')
      ? [`${args[i - 1]}: invalid value ${JSON.stringify(arg)}; see --help`] : []));
    if (negatives.length > 0) return negatives.join('\n');
    return unknown[1].split(', ').map((name) => {
      const stray = strayArgumentMessage(args, name);
      if (stray !== null) return stray;
      const flag = name.length === 1 ? `-${name}` : `--${name}`;
      const hint = suggestKey(name, KNOWN_FLAGS);
      return `unknown option ${flag}${hint ? ` (did you mean --${hint}?)` : ''}; see --help`;
    }).join('\n');
  }
  if (/^Not enough non-option arguments/.test(msg) && process.argv[2] === 'run') return 'run needs a market: tradebot run crypto, or tradebot run stocks';
  if (/^Invalid values:/.test(msg)) return msg.replace(/\s+/g, ' ').replace('Invalid values: Argument: ', 'invalid ').trim();
  return msg;
}

/**
 * Exit with `code` once what was written to stdout and stderr has been taken by them. A pipe takes
 * 64 KB at once and the rest as its reader reads, and process.exit drops whatever is still
 * queued: a JSON report piped into jq would end mid-object. A reader that went away (EPIPE)
 * does not hold the exit up.
 */
async function exitWhenWritten(code: number): Promise<never> {
  await Promise.all([process.stdout, process.stderr].map((stream) => new Promise<void>((resolve) => {
    if (stream.writableLength === 0 || stream.destroyed) { resolve(); return; }
    stream.once('close', resolve);
    stream.write('', () => resolve());
  })));
  process.exit(code);
}

// A reader that closes the pipe early (`tradebot backtest --json | head`) is not a failure of the
// command: what it did not read is dropped and the exit code stays the command's own. Any other
// write error is left to whoever else listens (a session's operator console decides what a
// hung-up terminal or a full disk means); with nobody else listening it is thrown, as before.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && stream.listenerCount('error') === 1) throw err;
  });
}

/** Usage errors: one clear line per problem on stderr and exit code 2, as for any Unix tool. */
function usageError(message: string): never {
  try {
    process.stderr.write(`${message.split('\n').map((line) => `tradebot: ${line}`).join('\n')}\n`);
  } catch {
    // stderr is gone: the exit code still says it.
  }
  process.exit(ExitCode.usage);
}

await yargs(hideBin(process.argv))
  .scriptName('tradebot')
  .usage('$0 <command> [options]')
  .command(
    'run <assetClass>',
    'run a trading session (paper execution; live trading only with --live)',
    (y) => y
      .positional('assetClass', { choices: ['crypto', 'stocks'] as const, demandOption: true, describe: 'market to trade; the config\'s assetClass must match' })
      .option('symbols', { type: 'string', coerce: listValue, describe: 'symbols to trade, comma-separated or repeated (crypto BASE/QUOTE like BTC/USDT; stocks tickers like AAPL)' })
      .option('duration', { type: 'string', coerce: lastString, describe: 'session length: 30s, 1h30m, 2d, or 0 to run until SIGINT/SIGTERM (default: pipeline.durationMs from the config)' })
      .option('source', { type: 'string', coerce: lastString, describe: 'market data source: sim | synthetic | live | replay (default from config)' })
      .option('topology', { type: 'string', coerce: lastString, describe: 'layered (a worker per layer) or fused (L1-L4 in one worker) (default from config)' })
      .option('replay', { type: 'string', coerce: listValue, describe: 'candle files to replay, one per symbol (CSV OHLCV, Binance kline CSV, freqtrade JSON, Yahoo daily); implies --source replay' })
      .option('speed', { type: 'string', coerce: lastString, describe: 'replay pace: 0 = as fast as possible (default), N = N times the recorded pace' })
      .option('config', { type: 'string', coerce: lastString, describe: 'config file (default conf/<assetClass>.yml)' })
      .option('data-dir', { type: 'string', coerce: lastString, describe: 'where the audit trail goes (<dir>/audit/; default pipeline.dataDir, "var"; "" = none)' })
      .option('metrics-port', { type: 'string', coerce: lastString, describe: 'port for /metrics and /health (0 = off; default from config)' })
      .option('json', { type: 'boolean', default: false, coerce: lastBoolean, describe: 'print the summary as one JSON object on stdout' })
      .option('resume', { type: 'string', coerce: lastString, describe: 'continue a session that died (kill -9, power loss) from its audit trail: the newest under <data-dir>/audit/, or this directory' })
      .option('live', { type: 'boolean', default: false, coerce: lastBoolean, describe: 'send real orders to the venue (keys from the environment); this build has no venue gateway yet, so it refuses' })
      .option('crash-layer', { type: 'string', hidden: true, coerce: lastString, describe: 'test hook: crash these layers once (e.g. L3,L5)' })
      .option('crash-after', { type: 'string', hidden: true, default: '500ms', coerce: lastString })
      .option('crash-times', { type: 'number', hidden: true, default: 1, coerce: lastNumber })
      .option('hang-layer', { type: 'string', hidden: true, coerce: lastString, describe: 'test hook: make these layers hang (spin) once' })
      .option('drift-alarm-after', { type: 'string', hidden: true, coerce: lastString, describe: 'test hook: with pipeline.retrainOnDrift, one more drift alarm after this long' }),
    async (argv) => {
      const { runSession } = await import('./pipeline/run-command.js');
      const { defaultConfigPath } = await import('./pipeline/config.js');
      const { parseDuration } = await import('./pipeline/duration.js');
      const { overridesFromFlags } = await import('./pipeline/run-flags.js');
      const { overrides, durationMs } = overridesFromFlags({
        symbols: argv.symbols, duration: argv.duration, source: argv.source, topology: argv.topology,
        metricsPort: argv['metrics-port'], live: argv.live, replay: argv.replay, speed: argv.speed, dataDir: argv['data-dir'],
      });
      let crashAfterMs: number;
      try {
        crashAfterMs = parseDuration(argv['crash-after']);
      } catch (err) {
        usageError(`--crash-after: ${(err as Error).message}`);
      }
      const crashLayers = argv['crash-layer']?.split(',');
      if (crashLayers?.some((l) => !/^L[0-5]$/.test(l))) usageError(`--crash-layer takes layers L0..L5, got "${argv['crash-layer']}"`);
      const hangLayers = argv['hang-layer']?.split(',');
      if (hangLayers?.some((l) => !/^L[0-5]$/.test(l))) usageError(`--hang-layer takes layers L0..L5, got "${argv['hang-layer']}"`);
      const code = await runSession({
        assetClass: argv.assetClass,
        configPath: argv.config ?? defaultConfigPath(argv.assetClass),
        overrides,
        durationMs,
        json: argv.json,
        resume: argv.resume,
        crashLayers: crashLayers as never,
        crashAfterMs,
        crashTimes: argv['crash-times'],
        hangLayers: hangLayers as never,
        driftAlarmAfterMs: argv['drift-alarm-after'] === undefined ? undefined : parseDuration(argv['drift-alarm-after']),
      }, undefined, sessionSignals);
      // Escape hatch for checking that nothing outlives a session: lists what still keeps the
      // event loop alive once the session has ended (should be nothing).
      if (process.env.TRADEBOT_DEBUG_HANDLES === '1') {
        try {
          writeSync(2, `tradebot: still active after the session: ${JSON.stringify(process.getActiveResourcesInfo())}\n`);
        } catch { /* stderr gone */ }
      }
      // Exit now rather than when the event loop empties: Node's natural teardown closes the
      // signal handlers first, and a Ctrl-C in that window would turn this exit code into 130.
      await exitWhenWritten(code);
    },
  )
  .command(
    'backtest <assetClass>',
    'replay candle files through the pipeline (paper fills, fees, risk limits) and report performance beside buy-and-hold and a moving-average baseline',
    (y) => y
      .positional('assetClass', { choices: ['crypto', 'stocks'] as const, demandOption: true, describe: 'market to test; the config\'s assetClass must match' })
      .option('data', { type: 'string', coerce: listValue, demandOption: true, describe: 'candle files, one per symbol (the formats --replay reads)' })
      .option('symbols', { type: 'string', coerce: listValue, describe: 'the symbol of each file, in order (default: the config\'s)' })
      .option('from', { type: 'string', coerce: lastString, describe: 'first bar to replay: an ISO date or time, UTC (e.g. 2022-01-05)' })
      .option('to', { type: 'string', coerce: lastString, describe: 'replay bars opening before this time' })
      .option('config', { type: 'string', coerce: lastString, describe: 'config file (default conf/<assetClass>.yml)' })
      .option('topology', { type: 'string', coerce: lastString, default: 'single', describe: 'single (one thread, the default), fused or layered: the same trades in each' })
      .option('risk-free', { type: 'number', coerce: lastNumber, default: 0, describe: 'annual risk-free rate for Sharpe and Sortino, as a fraction (0.04 = 4%)' })
      .option('json', { type: 'boolean', default: false, coerce: lastBoolean, describe: 'print the report as JSON' })
      .option('html', { type: 'string', coerce: lastString, describe: 'also write a self-contained HTML report (equity and drawdown charts) to this file' }),
    async (argv) => {
      const { runBacktestCommand } = await import('./backtest/backtest-command.js');
      const { defaultConfigPath } = await import('./pipeline/config.js');
      const { ConfigError } = await import('./pipeline/config.js');
      try {
        await exitWhenWritten(await runBacktestCommand({
          assetClass: argv.assetClass, dataFiles: argv.data, symbols: argv.symbols, configPath: argv.config ?? defaultConfigPath(argv.assetClass),
          from: argv.from, to: argv.to, topology: argv.topology, riskFreeRate: argv['risk-free'], json: argv.json, htmlOut: argv.html,
        }));
      } catch (err) {
        if (err instanceof ConfigError) usageError((err as Error).message);
        throw err;
      }
    },
  )
  .command(
    'lookahead <assetClass>',
    'replay candles with everything after each checked decision corrupted: any decision that changes looked ahead (exit 1)',
    (y) => y
      .positional('assetClass', { choices: ['crypto', 'stocks'] as const, demandOption: true, describe: 'the config (conf/<assetClass>.yml) whose strategy is checked' })
      .option('data', { type: 'string', coerce: listValue, demandOption: true, describe: 'candle files, each checked on its own' })
      .option('sample', { type: 'number', coerce: lastNumber, describe: 'decision times to check per file, chosen with --seed (0 = every bar)' })
      .option('seed', { type: 'number', coerce: lastNumber, describe: 'seed of the sample (default 1)' })
      .option('json', { type: 'boolean', default: false, coerce: lastBoolean, describe: 'print the verdicts as JSON' }),
    async (argv) => {
      const { runLookaheadCommand } = await import('./backtest/lookahead-command.js');
      process.exitCode = runLookaheadCommand({ assetClass: argv.assetClass, dataFiles: argv.data, sample: argv.sample, seed: argv.seed, json: argv.json });
    },
  )
  .command(
    'optimize <assetClass>',
    'walk-forward parameter search: trials of a search space backtested on each fold\'s train window, the best evaluated on its test window (out of sample)',
    (y) => y
      .positional('assetClass', { choices: ['crypto', 'stocks'] as const, demandOption: true, describe: 'market to test; the config\'s assetClass must match' })
      .option('data', { type: 'string', coerce: listValue, demandOption: true, describe: 'candle files, one per symbol (the formats --replay reads)' })
      .option('symbols', { type: 'string', coerce: listValue, describe: 'the symbol of each file, in order (default: the config\'s)' })
      .option('config', { type: 'string', coerce: lastString, describe: 'base config file (default conf/<assetClass>.yml)' })
      .option('space', { type: 'string', coerce: lastString, demandOption: true, describe: 'search space (YAML or JSON): config paths to {min, max[, log][, int]} or {choices: [...]}' })
      .option('objective', { type: 'string', coerce: lastString, demandOption: true, describe: 'what the search maximises on the train windows: sharpe | sortino | calmar' })
      .option('trials', { type: 'number', coerce: lastNumber, default: 20, describe: 'trials per fold' })
      .option('folds', { type: 'number', coerce: lastNumber, default: 3, describe: 'walk-forward folds' })
      .option('seed', { type: 'number', coerce: lastNumber, default: 1, describe: 'seed of the search (the same seed gives the same report)' })
      .option('parallel', { type: 'number', coerce: lastNumber, default: 2, describe: 'backtests at once, each in its own worker' })
      .option('from', { type: 'string', coerce: lastString, describe: 'first bar of the data to fold: an ISO date or time, UTC' })
      .option('to', { type: 'string', coerce: lastString, describe: 'use bars opening before this time' })
      .option('anchored', { type: 'boolean', default: false, coerce: lastBoolean, describe: 'anchored (expanding) folds instead of rolling ones' })
      .option('json', { type: 'boolean', default: false, coerce: lastBoolean, describe: 'print the report as JSON' }),
    async (argv) => {
      const { runOptimizeCommand, OBJECTIVES } = await import('./backtest/optimize-command.js');
      const { defaultConfigPath, ConfigError } = await import('./pipeline/config.js');
      if (!(OBJECTIVES as readonly string[]).includes(argv.objective)) usageError(`--objective must be one of ${OBJECTIVES.join(' | ')}, got "${argv.objective}"`);
      try {
        await exitWhenWritten(await runOptimizeCommand({
          assetClass: argv.assetClass, dataFiles: argv.data, symbols: argv.symbols, configPath: argv.config ?? defaultConfigPath(argv.assetClass),
          spaceFile: argv.space, objective: argv.objective as (typeof OBJECTIVES)[number], trials: argv.trials, folds: argv.folds, seed: argv.seed,
          parallel: argv.parallel, from: argv.from, to: argv.to, anchored: argv.anchored, json: argv.json,
        }));
      } catch (err) {
        if (err instanceof ConfigError) usageError((err as Error).message);
        throw err;
      }
    },
  )
  .command(
    'soak <assetClass>',
    'crash recovery over and over: a replaying session killed with SIGKILL at random moments and resumed each time; the trail and the book must agree (exit 1)',
    (y) => y
      .positional('assetClass', { choices: ['crypto', 'stocks'] as const, demandOption: true, describe: 'the session kind (conf/<assetClass>.yml unless --config)' })
      .option('replay', { type: 'string', coerce: listValue, demandOption: true, describe: 'candle files to replay, one per symbol' })
      .option('symbols', { type: 'string', coerce: listValue, describe: 'the symbol of each file (default: the config\'s)' })
      .option('config', { type: 'string', coerce: lastString, describe: 'config file (default conf/<assetClass>.yml)' })
      .option('times', { type: 'number', coerce: lastNumber, default: 20, describe: 'kill -9 restarts before the last run to the end' })
      .option('seed', { type: 'number', coerce: lastNumber, default: 1, describe: 'seed of the kill times' })
      .option('speed', { type: 'string', coerce: lastString, default: '20000', describe: 'replay pace of the killed rounds (N times the recorded pace)' })
      .option('data-dir', { type: 'string', coerce: lastString, describe: 'where the trail goes (default a new temporary directory)' })
      .option('json', { type: 'boolean', default: false, coerce: lastBoolean, describe: 'print the result as one JSON object' }),
    async (argv) => {
      if (!(Number.isInteger(argv.times) && argv.times >= 1)) usageError(`--times must be an integer >= 1, got ${argv.times}`);
      const { runCrashSoak, formatCrashSoak } = await import('./pipeline/crash-soak-command.js');
      const opts = {
        assetClass: argv.assetClass, configPath: argv.config, replay: argv.replay, symbols: argv.symbols, times: argv.times,
        seed: argv.seed, speed: argv.speed, dataDir: argv['data-dir'], json: argv.json,
      };
      const result = await runCrashSoak(opts);
      process.stdout.write(argv.json ? `${JSON.stringify(result)}\n` : `${formatCrashSoak(result, opts)}\n`);
      process.exitCode = result.ok ? 0 : 1;
    },
  )
  .command(
    'bench [name]',
    'run a benchmark and write bench/results/<name>.json',
    (y) => y
      .positional('name', { type: 'string', default: 'all', describe: 'which benchmark (ring, pipeline, pipeline-fused, metrics, ingest, indicators, decide, execution, router, onnx, backtest, all)' })
      .option('quick', { type: 'boolean', default: false, describe: 'shorter run for a smoke check' }),
    async (argv) => {
      const { BENCHMARKS, runBench } = await import('../bench/index.js');
      if (argv.name !== 'all' && !Object.hasOwn(BENCHMARKS, argv.name)) {
        usageError(`unknown benchmark "${argv.name}" (available: ${[...Object.keys(BENCHMARKS), 'all'].join(', ')})`);
      }
      await runBench(argv.name, { quick: argv.quick });
    },
  )
  .command(
    'record',
    'record a market-data stream to a file for later replay',
    (y) => y
      .option('venue', {
        type: 'string', coerce: lastString,
        describe: 'where to connect: binance | coinbase | coinbase_advanced | alpaca (keys from APCA_API_KEY_ID/APCA_API_SECRET_KEY) | sim (the simulated Binance exchange, '
          + 'started in-process) | sim-alpaca (the simulated Alpaca stream, started in-process)',
      })
      .option('symbols', { type: 'string', coerce: listValue, describe: 'crypto pairs (BTC/USDT,ETH/USDT) or, for alpaca, tickers (AAPL,MSFT), comma-separated or repeated' })
      .option('feed', { type: 'string', coerce: lastString, describe: 'alpaca only: the stock feed, iex (default) | sip' })
      .option('out', { type: 'string', coerce: lastString, describe: 'recording file to write (its directory must exist)' })
      .option('duration', { type: 'string', coerce: lastString, describe: 'how long to record: 30s, 1h30m, or 0 (default) to record until SIGINT/SIGTERM' })
      .option('force', { type: 'boolean', default: false, coerce: lastBoolean, describe: 'replace an existing --out file' }),
    async (argv) => {
      const { runRecordCommand } = await import('./data/record/record-command.js');
      const code = await runRecordCommand({ venue: argv.venue, symbols: argv.symbols, out: argv.out, duration: argv.duration, force: argv.force, feed: argv.feed });
      await exitWhenWritten(code);
    },
  )
  .command(
    'risk',
    'risk statistics of a price series (offline)',
    (y) => y
      .command(
        'report',
        'VaR and ES (historical, Gaussian, Cornish-Fisher, EVT) and max drawdown of a candle file\'s closes',
        (r) => r
          .option('prices', { type: 'string', coerce: lastString, describe: 'candle file (CSV OHLCV, Binance kline CSV, freqtrade JSON, Yahoo daily CSV)' })
          .option('horizon', { type: 'string', coerce: lastString, describe: 'bars per return; returns do not overlap (default 1)' })
          .option('json', { type: 'boolean', default: false, coerce: lastBoolean, describe: 'print the report as one JSON object on stdout' }),
        async (argv) => {
          const { runRiskReportCommand } = await import('./risk/risk-report-command.js');
          process.exitCode = runRiskReportCommand({ prices: argv.prices, horizon: argv.horizon, json: argv.json });
        },
      )
      .demandCommand(1, 'name a risk command: tradebot risk report --prices FILE'),
  )
  .command(
    'report',
    'reports for accountants and auditors',
    (y) => y
      .command(
        'tax',
        'Form 8949 rows and Schedule D totals of a year\'s disposals, lots matched FIFO (or LIFO, specific)',
        (c) => c
          .option('year', { type: 'string', coerce: lastString, describe: 'tax year (disposals sold in it, UTC)' })
          .option('data-dir', { type: 'string', coerce: lastString, default: 'var', describe: 'the sessions\' data directory: the fills of every trail under <dir>/audit/' })
          .option('trail', { type: 'string', coerce: lastString, describe: 'or the fills of one session\'s (or any) audit directory' })
          .option('fills', { type: 'string', coerce: lastString, describe: 'or a JSON Lines file of fills: {ts, symbol, side, qty, price, fee}' })
          .option('method', { type: 'string', coerce: lastString, describe: 'lot matching: fifo (default) | lifo | specific' })
          .option('out', { type: 'string', coerce: lastString, describe: 'write the Form 8949 rows here as CSV' })
          .option('execution', { type: 'string', coerce: lastString, describe: 'trails: the sessions whose fills count: all (default) | live | paper | unknown (trails that do not say)' })
          .option('json', { type: 'boolean', default: false, coerce: lastBoolean, describe: 'print the totals as one JSON object' }),
        async (argv) => {
          const { runTaxReportCommand } = await import('./compliance/tax-report-command.js');
          process.exitCode = runTaxReportCommand({
            year: argv.year, fills: argv.fills, trail: argv.trail, dataDir: argv['data-dir'], method: argv.method, out: argv.out, json: argv.json, execution: argv.execution,
          });
        },
      )
      .command(
        'tca',
        'transaction costs of the fills in the audit trails: slippage against the arrival mid, fees, implementation shortfall, fill rate',
        (c) => c
          .option('data-dir', { type: 'string', coerce: lastString, default: 'var', describe: 'the sessions\' data directory (reads <dir>/audit/)' })
          .option('trail', { type: 'string', coerce: lastString, describe: 'one session\'s audit directory instead' })
          .option('json', { type: 'boolean', default: false, coerce: lastBoolean, describe: 'print the result as one JSON object' }),
        async (argv) => {
          const { runTcaCommand } = await import('./compliance/tca-command.js');
          process.exitCode = runTcaCommand({ dataDir: argv['data-dir'], trail: argv.trail, json: argv.json });
        },
      )
      .demandCommand(1, 'name a report: tradebot report tax --year 2024 --fills FILE, or tradebot report tca'),
  )
  .command(
    'audit',
    'the hash-chained audit trail',
    (y) => y
      .command(
        'verify <files..>',
        'check every record\'s hash and link; name the first altered, removed or reordered record (exit 1)',
        (c) => c
          .positional('files', { type: 'string', array: true, describe: 'audit files in order, or the directory holding them' })
          .option('json', { type: 'boolean', default: false, coerce: lastBoolean, describe: 'print the verdict as one JSON object on stdout' })
          .option('sealed', { type: 'boolean', default: false, coerce: lastBoolean, describe: 'also fail (exit 1) a trail that does not end on its session\'s seal: for sessions known to have ended' }),
        async (argv) => {
          const { runAuditVerifyCommand } = await import('./compliance/audit-command.js');
          process.exitCode = runAuditVerifyCommand({ files: argv.files as string[] | undefined, json: argv.json, sealed: argv.sealed });
        },
      )
      .demandCommand(1, 'name an audit command: tradebot audit verify FILE...'),
  )
  .command(
    'stats',
    'statistics of price series (offline)',
    (y) => y
      .command(
        'coint <fileA> <fileB>',
        'Engle-Granger cointegration test of A on B, bars joined on open time',
        (c) => c
          .positional('fileA', { type: 'string', demandOption: true, describe: 'candle file of series A (the regressand)' })
          .positional('fileB', { type: 'string', demandOption: true, describe: 'candle file of series B (the regressor)' })
          .option('json', { type: 'boolean', default: false, coerce: lastBoolean, describe: 'print the result as one JSON object on stdout' }),
        async (argv) => {
          const { runCointCommand } = await import('./stats/coint-command.js');
          process.exitCode = runCointCommand({ fileA: argv.fileA, fileB: argv.fileB, json: argv.json });
        },
      )
      .demandCommand(1, 'name a stats command: tradebot stats coint A.csv B.csv'),
  )
  .command(
    'sim',
    'the simulated market, offline',
    (y) => y
      .command(
        'candles',
        'write candles of the simulated market as CSV (data with no third-party licence, e.g. to train a model that ships)',
        (c) => c
          .option('out', { type: 'string', coerce: lastString, demandOption: true, describe: 'CSV file to write' })
          .option('bars', { type: 'number', coerce: lastNumber, default: 10_000, describe: 'how many 1-minute bars' })
          .option('symbol', { type: 'string', coerce: lastString, default: 'BTC/USDT', describe: 'symbol (sets the start price)' })
          .option('seed', { type: 'number', coerce: lastNumber, default: 42 }),
        async (argv) => {
          const { simCandlesCsv } = await import('./data/sim-candles.js');
          const { writeFileSync } = await import('node:fs');
          if (!Number.isInteger(argv.bars) || argv.bars < 1) usageError(`--bars must be a positive integer, got ${argv.bars}`);
          writeFileSync(argv.out, simCandlesCsv({ symbol: argv.symbol, bars: argv.bars, seed: argv.seed }));
          process.stdout.write(`wrote ${argv.bars} 1-minute bars of simulated ${argv.symbol} (seed ${argv.seed}) to ${argv.out}\n`);
        },
      )
      .demandCommand(1, 'name a sim command: tradebot sim candles --out FILE'),
  )
  .command(
    'train',
    'train a deep alpha (LSTM or Transformer) on candle files, export it to ONNX (verified) and register it',
    (y) => y
      .option('model', { type: 'string', coerce: lastString, choices: ['lstm', 'transformer'], describe: 'architecture (not with --lora: the base\'s is kept)' })
      .option('lora', { type: 'boolean', default: false, coerce: lastBoolean, describe: 'fine-tune --base with low-rank adapters instead of training from scratch' })
      .option('base', { type: 'string', coerce: lastString, describe: 'with --lora: the registered model to adapt, models/NAME' })
      .option('rank', { type: 'number', coerce: lastNumber, default: 4, describe: 'with --lora: the adapters\' rank' })
      .option('data', { type: 'string', coerce: listValue, demandOption: true, describe: 'candle files of one bar size (CSV OHLCV, Binance kline CSV, freqtrade JSON, Yahoo daily)' })
      .option('out', { type: 'string', coerce: lastString, demandOption: true, describe: 'model directory models/NAME; the registry is models/registry.json beside it' })
      .option('horizon', { type: 'string', coerce: lastString, default: '5m', describe: 'forward-return horizon, a whole number of bars (e.g. 5m, 1h)' })
      .option('epochs', { type: 'number', coerce: lastNumber, default: 10, describe: 'most epochs (training stops after 5 without a better validation loss)' })
      .option('window', { type: 'number', coerce: lastNumber, default: 64, describe: 'bars per input window' })
      .option('batch-size', { type: 'number', coerce: lastNumber, default: 64 })
      .option('learning-rate', { type: 'number', coerce: lastNumber, default: 1e-3 })
      .option('seed', { type: 'number', coerce: lastNumber, default: 1, describe: 'weight init and shuffling seed (a run is repeatable)' })
      .option('note', { type: 'string', coerce: listValue, describe: 'a line for the model card (e.g. the data licence); repeatable' })
      .option('sweep', { type: 'string', coerce: (v: unknown) => [v].flat().map(String), describe: 'train every combination on a worker pool: KEY=V1,V2 (seed, learning-rate, window, batch-size, epochs, model); repeatable; runs are NAME-1, NAME-2, ...' })
      .option('parallel', { type: 'number', coerce: lastNumber, default: 2, describe: 'with --sweep: runs at once, each in its own worker' })
      .option('json', { type: 'boolean', default: false, coerce: lastBoolean, describe: 'print the model card as JSON' }),
    async (argv) => {
      const { trainHandler } = await import('./ml/ml-cli.js');
      if (argv.lora) {
        const { loraHandler } = await import('./ml/ml-cli.js');
        await loraHandler({
          base: argv.base, data: argv.data, out: argv.out, rank: argv.rank, epochs: argv.epochs, batchSize: argv['batch-size'],
          learningRate: argv['learning-rate'], seed: argv.seed, json: argv.json,
        });
        return;
      }
      if (argv.model === undefined) throw new UsageError('--model lstm|transformer is required (or --lora --base models/NAME)');
      if (argv.sweep !== undefined) {
        const { sweepHandler } = await import('./ml/ml-cli.js');
        await sweepHandler({
          model: argv.model as string, data: argv.data, out: argv.out, horizon: argv.horizon, epochs: argv.epochs, window: argv.window,
          batchSize: argv['batch-size'], learningRate: argv['learning-rate'], seed: argv.seed, notes: argv.note, json: argv.json,
        }, argv.sweep, argv.parallel);
        return;
      }
      await trainHandler({
        model: argv.model as string, data: argv.data, out: argv.out, horizon: argv.horizon, epochs: argv.epochs, window: argv.window,
        batchSize: argv['batch-size'], learningRate: argv['learning-rate'], seed: argv.seed, notes: argv.note, json: argv.json,
      });
    },
  )
  .command(
    'models',
    'the model registry: list, show, promote, eval',
    (y) => y
      .option('models-dir', { type: 'string', coerce: lastString, default: 'models', describe: 'folder holding registry.json and one folder per model' })
      .command('list', 'registered models (* = promoted)', (c) => c, async (argv) => {
        const { modelsHandler } = await import('./ml/ml-cli.js');
        await modelsHandler('list', { modelsDir: argv['models-dir'], json: false });
      })
      .command('show <name>', 'print a model card', (c) => c.positional('name', { type: 'string', demandOption: true }), async (argv) => {
        const { modelsHandler } = await import('./ml/ml-cli.js');
        await modelsHandler('show', { modelsDir: argv['models-dir'], name: argv.name, json: true });
      })
      .command('promote <name>', 'serve this model (checked: hash, onnxruntime load and run, servable as deep_onnx)', (c) => c.positional('name', { type: 'string', demandOption: true }), async (argv) => {
        const { modelsHandler } = await import('./ml/ml-cli.js');
        await modelsHandler('promote', { modelsDir: argv['models-dir'], name: argv.name, json: false });
      })
      .command(
        'eval <name>',
        'directional accuracy, IC and cost-aware long/short PnL on held-out candles, beside naive baselines; recorded in the card',
        (c) => c
          .positional('name', { type: 'string', demandOption: true })
          .option('data', { type: 'string', coerce: listValue, demandOption: true, describe: 'candle files (a file the model was trained on is scored on its test split only)' })
          .option('cost-bps', { type: 'number', coerce: lastNumber, default: 5, describe: 'cost per unit of position change, bps' })
          .option('json', { type: 'boolean', default: false, coerce: lastBoolean, describe: 'print the evaluation as JSON' }),
        async (argv) => {
          const { modelsHandler } = await import('./ml/ml-cli.js');
          await modelsHandler('eval', { modelsDir: argv['models-dir'], name: argv.name, data: argv.data, costBps: argv['cost-bps'], json: argv.json });
        },
      )
      .demandCommand(1, 'name a models command: list, show NAME, promote NAME, eval NAME --data FILE'),
  )
  .demandCommand(1, 'name a command (see --help)')
  .check(refuseRepeatedItems)
  .strict()
  .fail((msg, err) => {
    if (err instanceof UsageError || err instanceof ConfigError) usageError(err.message);
    if (err) throw err;
    usageError(explainYargsMessage(msg));
  })
  .help()
  .parseAsync();
