/** `s2s web build` — the command's meta (the run code is in ./web-build.ts). */
import { defineCommandMeta } from '../cli/command.js';
import type { OptionsSpec } from '../cli/args.js';

const WEB_BUILD_OPTIONS = {
  model: {
    type: 'string',
    alias: 'm',
    placeholder: 'FILE',
    required: true,
    description: 'translation model file (.s2s checkpoint) to ship with the page',
  },
  out: {
    type: 'string',
    alias: 'o',
    placeholder: 'DIR',
    required: true,
    description: 'output directory for the static site (page, bundles, wasm, model)',
  },
} as const satisfies OptionsSpec;

export const webBuildMeta = defineCommandMeta({
  path: ['web', 'build'],
  summary: 'build the in-browser translation page into a static site',
  usage: '--model FILE --out DIR',
  details:
    'Serve DIR with any static file server, e.g.\n  s2s web build -m fixtures/models/en-es.s2s -o site && python3 -m http.server -d site\nthen open http://localhost:8000/ (add ?beam=1 for greedy search).',
  options: WEB_BUILD_OPTIONS,
});
