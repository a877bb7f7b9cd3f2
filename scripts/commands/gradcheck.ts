/** `s2s gradcheck`: numerical gradient check of a small random model (see lib/nn/gradcheck.ts). */
import { defineCommand } from '../cli/command.js';
import { gradcheckMeta } from './gradcheck.meta.js';
import { useBackend, parseBackendName } from '../../lib/backend.js';
import { gradientCheck } from '../../lib/nn/gradcheck.js';
import { buildGradcheckModel } from '../../lib/nn/gradcheck-model.js';
import type { CellKind } from '../../lib/nn/cells/cell.js';
import type { RecurrenceMode } from '../../lib/nn/fused/run-sequence.js';
import { EXIT } from '../cli/main.js';
import { checkBounded } from '../../lib/util/bounds.js';

export const gradcheckCommand = defineCommand({
  ...gradcheckMeta,
  async run({ options }, io) {
    // a small model by design: every element is probed twice per direction, so time grows fast with the layers
    checkBounded('--layers', options.layers, { min: 1, max: 4, reason: 'a small model: each element is probed' });
    checkBounded('--epsilon', options.epsilon, { min: 1e-6, max: 1, integer: false, reason: 'h of the difference' });
    checkBounded('--threshold', options.threshold, { min: 1e-9, max: 1, integer: false, reason: 'a relative error' });
    checkBounded('--seed', options.seed, { min: 0, max: Number.MAX_SAFE_INTEGER });
    const backend = await useBackend(parseBackendName(options.backend));
    const model = buildGradcheckModel({
      cell: options.cell as CellKind,
      layers: options.layers,
      bidirectional: options.bidirectional,
      attention: options.attention,
      seed: options.seed,
      cellOptions: { peepholes: options.peepholes, layerNorm: options['layer-norm'] },
      recurrence: options.recurrence as RecurrenceMode,
    });
    try {
      const report = gradientCheck(model.loss, model.params.variables, {
        epsilon: options.epsilon,
        threshold: options.threshold,
      });
      const width = Math.max(...report.params.map((r) => r.name.length));
      io.stdout.write(
        `backend ${backend.name}; h = ${options.epsilon}; |L| = ${report.loss.toPrecision(4)}; float32 allowance atol = ${report.atol.toExponential(1)}; threshold ${options.threshold}\n`,
      );
      io.stdout.write(
        `${'parameter'.padEnd(width)}  ${'size'.padStart(5)}  ${'probes'.padStart(6)}  ${'in-noise'.padStart(8)}  worst error\n`,
      );
      for (const r of report.params) {
        const verdict = r.ok
          ? ''
          : `  FAIL at ${r.worstProbe} (autodiff ${r.analytic.toExponential(4)}, numeric ${r.numeric.toExponential(4)})`;
        io.stdout.write(
          `${r.name.padEnd(width)}  ${String(r.size).padStart(5)}  ${String(r.probes).padStart(6)}  ${String(r.below).padStart(8)}  ${r.worstRelativeError.toExponential(2)}${verdict}\n`,
        );
      }
      const failed = report.params.filter((r) => !r.ok);
      io.stdout.write(
        failed.length === 0
          ? `ok: all ${report.params.length} parameters within ${options.threshold}\n`
          : `FAILED: ${failed.length} of ${report.params.length} parameters exceed ${options.threshold}\n`,
      );
      return failed.length === 0 ? EXIT.ok : EXIT.check;
    } finally {
      model.dispose();
    }
  },
});
