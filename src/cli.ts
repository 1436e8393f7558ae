#!/usr/bin/env node
/**
 * The `tradebot` command line. Sub-commands load their modules lazily so `--help` stays instant
 * and a benchmark run does not pay for the trading stack's imports.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';

/** Usage errors: one clear line on stderr and exit code 2, as for any Unix tool. */
function usageError(message: string): never {
  process.stderr.write(`tradebot: ${message}\n`);
  process.exit(2);
}

await yargs(hideBin(process.argv))
  .scriptName('tradebot')
  .usage('$0 <command> [options]')
  .command(
    'run <assetClass>',
    'run a trading session (paper execution unless live trading is explicitly enabled)',
    (y) => y
      .positional('assetClass', { choices: ['crypto', 'stocks'] as const, demandOption: true, describe: 'market to trade' })
      .option('symbols', { type: 'string', describe: 'comma-separated symbols (crypto default BTC/USDT,ETH/USDT; stocks AAPL,GOOGL,TSLA)' })
      .option('duration', { type: 'string', describe: 'session length, e.g. 30s, 30m, 1h (default: pipeline.durationMs from the config; 0 there = until SIGINT/SIGTERM)' })
      .option('source', { choices: ['synthetic', 'sim', 'live', 'replay'] as const, describe: 'market data source (default from config)' })
      .option('topology', { choices: ['layered', 'fused'] as const, describe: 'one worker per layer, or L1-L4 fused in one worker (default from config)' })
      .option('config', { type: 'string', describe: 'config file (default conf/<assetClass>.yml)' })
      .option('metrics-port', { type: 'number', describe: 'port for /metrics and /health (0 = off; default from config)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the summary as one JSON object on stdout' })
      .option('crash-layer', { type: 'string', hidden: true, describe: 'test hook: crash these layers once (e.g. L3,L5)' })
      .option('crash-after', { type: 'string', hidden: true, default: '500ms' })
      .option('crash-times', { type: 'number', hidden: true, default: 1 })
      .option('hang-layer', { type: 'string', hidden: true, describe: 'test hook: make these layers hang (spin) once' }),
    async (argv) => {
      const { runSession, formatSummary } = await import('./pipeline/run-command.js');
      const { defaultConfigPath, ConfigError } = await import('./pipeline/config.js');
      const { parseDuration } = await import('./pipeline/duration.js');
      let durationMs: number | undefined;
      let crashAfterMs: number;
      try {
        durationMs = argv.duration === undefined ? undefined : parseDuration(argv.duration);
        crashAfterMs = parseDuration(argv['crash-after']);
      } catch (err) {
        usageError((err as Error).message);
      }
      const symbols = argv.symbols?.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
      if (argv.symbols !== undefined && (!symbols || symbols.length === 0)) usageError(`--symbols: empty symbol list "${argv.symbols}"`);
      const crashLayers = argv['crash-layer']?.split(',');
      if (crashLayers?.some((l) => !/^L[0-5]$/.test(l))) usageError(`--crash-layer takes layers L0..L5, got "${argv['crash-layer']}"`);
      const hangLayers = argv['hang-layer']?.split(',');
      if (hangLayers?.some((l) => !/^L[0-5]$/.test(l))) usageError(`--hang-layer takes layers L0..L5, got "${argv['hang-layer']}"`);
      try {
        const summary = await runSession({
          configPath: argv.config ?? defaultConfigPath(argv.assetClass),
          symbols,
          durationMs,
          source: argv.source,
          topology: argv.topology,
          metricsPort: argv['metrics-port'],
          json: argv.json,
          crashLayers: crashLayers as never,
          crashAfterMs,
          crashTimes: argv['crash-times'],
          hangLayers: hangLayers as never,
        });
        process.stdout.write(argv.json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}\n`);
        // A session that had to halt (repeated worker failures) drained cleanly but did not end
        // as asked: say so to scripts with a distinct exit code.
        if (summary.halted) process.exitCode = 3;
        // Records left in the rings (a drain abandoned after a wedged worker): never silent.
        if (summary.undrained > 0) process.exitCode = 4;
      } catch (err) {
        if (err instanceof ConfigError) usageError(err.message);
        throw err;
      }
    },
  )
  .command(
    'bench [name]',
    'run a benchmark and write bench/results/<name>.json',
    (y) => y
      .positional('name', { type: 'string', default: 'all', describe: 'which benchmark (ring, pipeline, pipeline-fused, metrics, all)' })
      .option('quick', { type: 'boolean', default: false, describe: 'shorter run for a smoke check' }),
    async (argv) => {
      const { BENCHMARKS, runBench } = await import('../bench/index.js');
      if (argv.name !== 'all' && !Object.hasOwn(BENCHMARKS, argv.name)) {
        usageError(`unknown benchmark "${argv.name}" (available: ${[...Object.keys(BENCHMARKS), 'all'].join(', ')})`);
      }
      await runBench(argv.name, { quick: argv.quick });
    },
  )
  .demandCommand(1, 'name a command (see --help)')
  .strict()
  .fail((msg, err) => {
    if (err) throw err;
    usageError(msg);
  })
  .help()
  .parseAsync();
