/**
 * Handlers of `tradebot train` and `tradebot models ...`: output and exit codes. A usage
 * mistake goes back to the command line's usage handling (exit 2); any other failure (a file
 * that is no candle file, a NaN feature, an export that does not verify) is one line on stderr
 * naming what and where, with exit code 1.
 */
import { UsageError } from '../pipeline/exit-codes.js';

async function guarded(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    if (err instanceof UsageError) throw err;
    process.stderr.write(`tradebot: ${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}

export interface TrainArgs {
  model: string; data: string[]; out: string; horizon?: string; epochs?: number; window?: number;
  batchSize?: number; learningRate?: number; seed?: number; notes?: string[]; json: boolean;
}

export function trainHandler(args: TrainArgs): Promise<void> {
  return guarded(async () => {
    const { runTrain, trainSummary } = await import('./train-command.js');
    const card = await runTrain({ ...args, commandLine: `tradebot ${process.argv.slice(2).join(' ')}` });
    process.stdout.write(args.json ? `${JSON.stringify(card)}\n` : `${trainSummary(card)}\n`);
  });
}

/** `train --sweep`: the grid trained on a worker pool; a table (or the runs' cards as JSON). */
export function sweepHandler(args: TrainArgs, sweep: string[], parallel: number): Promise<void> {
  return guarded(async () => {
    const { parseSweep, runSweep, sweepSummary } = await import('./sweep/train-sweep.js');
    const grid = parseSweep(sweep);
    const commandLine = `tradebot ${process.argv.slice(2).join(' ')}`;
    const result = await runSweep({ ...args, commandLine }, grid, parallel);
    process.stdout.write(args.json
      ? `${JSON.stringify({ chosen: result.chosen, runs: result.runs.map((r) => ({ name: r.name, params: r.params, card: r.card })) })}\n`
      : `${sweepSummary(result)}\n`);
  });
}

export function loraHandler(args: {
  base?: string; data: string[]; out: string; rank?: number; epochs?: number; batchSize?: number; learningRate?: number; seed?: number; json: boolean;
}): Promise<void> {
  return guarded(async () => {
    if (args.base === undefined) throw new UsageError('--lora needs --base models/NAME (the registered model to adapt)');
    const { runLora, loraSummary } = await import('./lora/lora-command.js');
    const card = await runLora({ ...args, base: args.base, commandLine: `tradebot ${process.argv.slice(2).join(' ')}` });
    process.stdout.write(args.json ? `${JSON.stringify(card)}\n` : `${loraSummary(card)}\n`);
  });
}

export function modelsHandler(action: 'list' | 'show' | 'promote' | 'eval', args: { modelsDir: string; name?: string; data?: string[]; costBps?: number; json: boolean }): Promise<void> {
  return guarded(async () => {
    const m = await import('./models-command.js');
    const name = args.name ?? '';
    if (action === 'list') process.stdout.write(`${m.listModels(args.modelsDir)}\n`);
    if (action === 'show') process.stdout.write(`${JSON.stringify(m.showModel(args.modelsDir, name), null, 2)}\n`);
    if (action === 'promote') {
      process.stdout.write(`${await m.promoteModel(args.modelsDir, name)}\n`);
      // Running sessions serving from this registry swap the model in on SIGHUP.
      const { signalSessions } = await import('../models/session-registry.js');
      const { signalled, unconfirmed } = signalSessions(args.modelsDir);
      if (signalled.length > 0) process.stdout.write(`sent SIGHUP to ${signalled.length} running session(s) to load it (pid ${signalled.join(', ')})\n`);
      if (unconfirmed.length > 0) process.stdout.write(`not signalled (cannot tell they are sessions here): pid ${unconfirmed.join(', ')}; send them SIGHUP to load it\n`);
    }
    if (action === 'eval') {
      const record = await m.evaluateModel(args.modelsDir, name, { data: args.data ?? [], costBps: args.costBps, commandLine: `tradebot ${process.argv.slice(2).join(' ')}` });
      process.stdout.write(args.json ? `${JSON.stringify(record)}\n` : `${m.evaluationTable(record)}\n`);
    }
  });
}
