/**
 * Every export is checked before it is written anywhere: onnxruntime (the runtime that will
 * serve it, single-threaded as in the pipeline) runs the ONNX bytes on held-out windows and its
 * outputs must equal the trainer's within EXPORT_TOLERANCE, or ExportVerificationError is thrown
 * with the worst element. A model that does not load in onnxruntime fails the same way.
 */
import * as ort from 'onnxruntime-node';
import { ONNX_INPUT, ONNX_OUTPUT } from './export-graphs.js';

export const EXPORT_TOLERANCE = 1e-5;

export class ExportVerificationError extends Error {}

export interface ExportCheck {
  samples: number;
  maxAbsError: number;
}

export async function openSession(bytes: Uint8Array, what: string): Promise<ort.InferenceSession> {
  try {
    return await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' });
  } catch (err) {
    throw new ExportVerificationError(`${what}: onnxruntime cannot load the model: ${(err as Error).message}`);
  }
}

/** Run the session on windows `x` [count, window, features]; returns [count, 3]. */
export async function runSession(session: ort.InferenceSession, x: Float32Array, count: number, window: number, features: number): Promise<Float32Array> {
  const out = await session.run({ [ONNX_INPUT]: new ort.Tensor('float32', x.subarray(0, count * window * features), [count, window, features]) });
  const result = out[ONNX_OUTPUT];
  if (!result || result.dims.length !== 2 || result.dims[0] !== count || result.dims[1] !== 3) {
    throw new ExportVerificationError(`output ${ONNX_OUTPUT} has shape [${result?.dims.join(', ') ?? 'missing'}], expected [${count}, 3]`);
  }
  return result.data as Float32Array;
}

/** Compare onnxruntime with the trainer's outputs `expected` [count, 3] on the same inputs. */
export async function verifyExport(bytes: Uint8Array, x: Float32Array, count: number, window: number, features: number, expected: Float32Array, what = 'ONNX export'): Promise<ExportCheck> {
  if (count === 0) throw new ExportVerificationError(`${what}: no held-out windows to verify on`);
  const session = await openSession(bytes, what);
  try {
    const got = await runSession(session, x, count, window, features);
    let worst = 0;
    let at = 0;
    for (let i = 0; i < count * 3; i++) {
      const err = Math.abs(got[i] - expected[i]);
      if (!(err <= worst)) {
        worst = Number.isNaN(err) ? Infinity : err;
        at = i;
      }
    }
    if (!(worst <= EXPORT_TOLERANCE)) {
      throw new ExportVerificationError(`${what}: onnxruntime differs from the trainer by ${worst.toExponential(3)} (> ${EXPORT_TOLERANCE}) at sample ${Math.floor(at / 3)} output ${at % 3}: ${got[at]} vs ${expected[at]}`);
    }
    return { samples: count, maxAbsError: worst };
  } finally {
    await session.release();
  }
}
