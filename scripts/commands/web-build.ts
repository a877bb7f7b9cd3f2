/** `s2s web build --model FILE --out DIR`: the translation page as a static site that runs the model in the browser. */
import { defineCommand } from '../cli/command.js';
import { webBuildMeta } from './web-build.meta.js';

export const webBuildCommand = defineCommand({
  ...webBuildMeta,
  async run(args, io) {
    const { buildSite } = await import('../../web/build/build-site.js');
    const files = await buildSite({ model: args.options.model, out: args.options.out });
    for (const { file, bytes } of files) io.stdout.write(`${(bytes / 1e6).toFixed(2).padStart(7)} MB  ${file}\n`);
    io.stdout.write(`site written to ${args.options.out}: serve it with any static file server and open index.html\n`);
    return 0;
  },
});
