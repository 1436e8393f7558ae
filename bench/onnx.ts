/**
 * `tradebot bench onnx`: each registered model in models/ through onnxruntime-node's CPU
 * session with one intra-op thread (as L1 serves it): load time, single-sample latency p50/p99,
 * and samples/s in batches of 64, in this process and inside a worker thread. Writes
 * bench/results/onnx.json as a list of {model, where, p50_us, p99_us, batch_per_s, load_ms}, each
 * with its rounds of 1,000 single runs, every round beside a machine speed probe (speed-probe.ts).
 */
import { Worker } from 'node:worker_threads';
import { defaultModelsDir } from '../src/alpha/deep/promoted-model.js';
import { loadRegisteredCard, readRegistry } from '../src/models/model-registry.js';
import { timeOnnxModel, type OnnxTiming } from './onnx-timing.js';
import { fmt, printTable, writeResult } from './report.js';

export async function runOnnxBench(opts: { quick?: boolean } = {}) {
  const modelsDir = defaultModelsDir();
  const singles = opts.quick ? 500 : 5_000;
  const batches = opts.quick ? 20 : 200;
  const rows: Array<{ model: string; where: string } & OnnxTiming> = [];
  for (const entry of readRegistry(modelsDir).models) {
    const { card, onnxPath } = loadRegisteredCard(modelsDir, entry.name);
    const features = card.features.length;
    const job = { onnxPath, window: card.window, features, singles, batches };
    rows.push({ model: entry.name, where: 'in-process', ...timeOnnxModel(job.onnxPath, job.window, job.features, singles, batches) });
    rows.push({ model: entry.name, where: 'worker thread', ...(await inWorker(job)) });
  }
  printTable('onnx: per model, single sample and batches of 64 (intraOpNumThreads 1)', rows.map((r) => ({
    model: r.model, where: r.where, 'p50 us': fmt(r.p50_us), 'p99 us': fmt(r.p99_us), 'batch samples/s': fmt(r.batch_per_s), 'load ms': fmt(r.load_ms),
    'round p50 us @ probe ns': r.rounds.map((x) => `${fmt(x.p50_us)}@${x.probe_ns}`).join(' '),
  })), ['model', 'where', 'p50 us', 'p99 us', 'batch samples/s', 'load ms', 'round p50 us @ probe ns']);
  process.stdout.write('probe ns: the machine speed probe before each round of 1,000 single runs (bench/speed-probe.ts); on this VM ~0.8 is full speed, ~1.3 the host\'s slow phase\n');
  writeResult('onnx', { results: rows });
  return rows;
}

function inWorker(job: { onnxPath: string; window: number; features: number; singles: number; batches: number }): Promise<OnnxTiming> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./onnx-worker.js', import.meta.url), { workerData: job });
    const deadline = setTimeout(() => { void worker.terminate(); reject(new Error('bench onnx: the worker run took over 5 minutes')); }, 300_000);
    worker.once('message', (timing: OnnxTiming) => { clearTimeout(deadline); void worker.terminate(); resolve(timing); });
    worker.once('error', (err) => { clearTimeout(deadline); reject(err); });
  });
}
