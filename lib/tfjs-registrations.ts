/**
 * What `@tensorflow/tfjs-core` leaves out of its Node build and the umbrella `@tensorflow/tfjs` used to add: the
 * gradient functions of its ops (needed by `tf.grads`/`variableGrads`, i.e. training) and the chained tensor methods
 * (`t.add(u)`). Both are registered, once, by the bundle `scripts/build/tfjs-gradients.ts` generates from tfjs-core's
 * own sources. Imported for its side effects by `backend.ts`, which every program that computes loads first.
 */
import './generated/tfjs-gradients.cjs';
// the chained methods' type declarations (`declare module` augmentations of Tensor); erased from the JavaScript
import type {} from '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js';
