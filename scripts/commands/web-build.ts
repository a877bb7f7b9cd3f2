/** `s2s web build --model FILE --out DIR`: the translation page as a static site that runs the model in the browser. */
import { defineCommand } from '../cli/command.js';
import type { OptionsSpec } from '../cli/args.js';

const OPTIONS = {
  model: { type: 'string', alias: 'm', required: true, description: 'translation model file (.s2s checkpoint) to ship with the page' },
  out: { type: 'string', alias: 'o', required: true, description: 'output directory for the static site (page, bundles, wasm, model)' },
} as const satisfies OptionsSpec;

export const webBuildCommand = defineCommand({
  path: ['web', 'build'],
  summary: 'build the in-browser translation page into a static site',
  usage: '--model FILE --out DIR',
  details: 'Serve DIR with any static file server, e.g.\n  s2s web build -m fixtures/models/en-es.s2s -o site && python3 -m http.server -d site\nthen open http://localhost:8000/ (add ?beam=1 for greedy search).',
  options: OPTIONS,
  async run(args, io) {
    const { buildSite } = await import('../../web/build/build-site.js');
    const files = await buildSite({ model: args.options.model, out: args.options.out });
    for (const { file, bytes } of files) io.stdout.write(`${(bytes / 1e6).toFixed(2).padStart(7)} MB  ${file}\n`);
    io.stdout.write(`site written to ${args.options.out}: serve it with any static file server and open index.html\n`);
    return 0;
  },
});
