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
    'bench [name]',
    'run a benchmark and write bench/results/<name>.json',
    (y) => y
      .positional('name', { type: 'string', default: 'all', describe: 'which benchmark (ring, all)' })
      .option('quick', { type: 'boolean', default: false, describe: 'shorter run for a smoke check' }),
    async (argv) => {
      const { runBench } = await import('../bench/index.js');
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
