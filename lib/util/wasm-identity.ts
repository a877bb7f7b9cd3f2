/**
 * A copy-free `Identity` kernel for the wasm backend.
 *
 * tfjs-backend-wasm 4.22 implements `Identity` (behind `tf.clone`, and behind every tensor the autodiff tape saves
 * for the backward pass: `keep(clone(x))`) as a full copy of the buffer into a new heap allocation. The cpu and
 * webgl backends instead share the buffer and bump its reference count — tensors are immutable, so sharing is
 * safe — and the wasm backend already keeps reference counts for `Reshape`. This registers the sharing version.
 * Measured on the benchmark's training step (batch 16): see the README's benchmark section.
 */
import * as tf from '@tensorflow/tfjs-core';

interface RefCountingBackend {
  incRef(dataId: tf.DataId): void;
}

/** Replaces wasm's `Identity` kernel (idempotent). Call after `@tensorflow/tfjs-backend-wasm` is imported. */
export function shareIdentityBuffers(): void {
  if (tf.getKernel('Identity', 'wasm')?.kernelFunc === sharedIdentity) return;
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({
    kernelName: 'Identity',
    backendName: 'wasm',
    kernelFunc: sharedIdentity as unknown as tf.KernelFunc,
  });
}

function sharedIdentity(args: { inputs: { x: tf.TensorInfo }; backend: RefCountingBackend }): tf.TensorInfo {
  const { x } = args.inputs;
  args.backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}
