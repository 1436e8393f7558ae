/**
 * The tfjs runtime for training: @tensorflow/tfjs on the WebAssembly backend, whose .wasm files
 * ship inside the npm package (nothing is downloaded at install or run time; tfjs-node is not
 * used because its install fetches a native binary). On this 2-core machine the wasm backend
 * trains an LSTM about 5x faster than tfjs' pure-JS cpu backend. Multi-threaded wasm is off:
 * the pipeline's own threads need the cores.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';

let ready: Promise<typeof tf> | null = null;

/** tfjs with the wasm backend selected (once per process). */
export function tfWasm(): Promise<typeof tf> {
  ready ??= (async () => {
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    setWasmPaths(`${dir}${path.sep}`);
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    if (!(await tf.setBackend('wasm'))) throw new Error(`tfjs: the wasm backend did not start (files in ${dir})`);
    await tf.ready();
    return tf;
  })();
  return ready;
}

export type Tf = typeof tf;
