/** `s2s export --onnx`: a translation model or LM as ONNX graphs plus a `model.json` sidecar (lib/onnx/export-bundle.ts). */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defineCommand } from '../cli/command.js';
import { exportMeta } from './export.meta.js';
import { OptionError } from '../../lib/errors.js';

export const exportCommand = defineCommand({
  ...exportMeta,
  async run({ options: o }, io) {
    if (!o.onnx) throw new OptionError('E_OPTION_MISSING', 'export: say the format: --onnx', { option: '--onnx' });
    const { loadCheckpoint } = await import('../../lib/io/index.js');
    const { onnxBundle } = await import('../../lib/onnx/export-bundle.js');
    const files = onnxBundle(await loadCheckpoint(o.model));
    await mkdir(o.out, { recursive: true });
    for (const [name, bytes] of files) {
      await writeFile(join(o.out, name), bytes);
      io.stderr.write(`${join(o.out, name)} (${bytes.byteLength} bytes)\n`);
    }
    return 0;
  },
});
