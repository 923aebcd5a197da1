import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

/** Test helper: switch TF.js to the wasm backend (what production uses on these machines). */
export async function useWasmBackend(): Promise<void> {
  await tf.setBackend('wasm');
  await tf.ready();
}
