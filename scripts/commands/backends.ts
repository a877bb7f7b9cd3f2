/** `s2s backends`: lists each TensorFlow.js backend and whether it loads on this machine. */
import { defineCommand } from '../cli/command.js';
import { backendsMeta } from './backends.meta.js';
import { probeBackends } from '../../lib/backend.js';

export const backendsCommand = defineCommand({
  ...backendsMeta,
  async run(_args, io) {
    const probes = await probeBackends();
    for (const p of probes)
      io.stdout.write(
        `${p.ok ? 'ok  ' : 'no  '} ${p.name.padEnd(11)} ${p.detail}${p.ok ? '' : `  [package: ${p.package}]`}\n`,
      );
    const first = probes.find((p) => p.ok);
    io.stdout.write(`default: ${first ? first.name : 'none'} (override with --backend or S2S_BACKEND)\n`);
    return 0;
  },
});
