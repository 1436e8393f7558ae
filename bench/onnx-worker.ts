/** `bench onnx`'s worker-thread run: the same timing loop inside a worker, as L1 runs models. */
import { parentPort, workerData } from 'node:worker_threads';
import { timeOnnxModel } from './onnx-timing.js';

const { onnxPath, window, features, singles, batches } = workerData as { onnxPath: string; window: number; features: number; singles: number; batches: number };
parentPort!.postMessage(timeOnnxModel(onnxPath, window, features, singles, batches));
