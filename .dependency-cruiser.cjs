/**
 * Dependency rules (dependency-cruiser), run by `npm run lint`. The one-way flow of the code (README, "Design notes"):
 *   lib/{util, data, text, io, eval, nn} ← lib/decode (searches over the `StepModel` seam) ← lib/models ← lib/train
 *     ← pipelines ← scripts (CLI) / server / workers / web
 * Lower layers never import higher ones, and nothing imports in a cycle.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'modules must not import each other, directly or through others',
      from: {},
      to: { circular: true },
    },
    {
      name: 'lib-not-upward',
      severity: 'error',
      comment: 'the library never imports the pipelines, the CLI, the server, the workers or the web page',
      from: { path: '^lib/' },
      to: { path: '^(pipelines|scripts|server|workers|web|bin)/' },
    },
    {
      name: 'pipelines-not-upward',
      severity: 'error',
      comment: 'the pipelines never import the CLI, the server, the workers or the web page',
      from: { path: '^pipelines/' },
      to: { path: '^(scripts|server|workers|web|bin)/' },
    },
    {
      name: 'models-not-train',
      severity: 'error',
      comment: 'models sit below training: shared shapes live lower (lib/data) or in models',
      from: { path: '^lib/models/' },
      to: { path: '^lib/train/' },
    },
    {
      name: 'decode-not-models',
      severity: 'error',
      comment: 'decoding reaches a model only through its StepModel seam',
      from: { path: '^lib/decode/' },
      to: { path: '^lib/(models|train)/' },
    },
    {
      name: 'base-not-upward',
      severity: 'error',
      comment: 'nn, data, text, io, eval and util never import models, decoding or training',
      from: { path: '^lib/(nn|data|text|io|eval|util)/' },
      to: { path: '^lib/(models|decode|train)/' },
    },
    {
      name: 'no-spec-imports',
      severity: 'error',
      comment: 'shipped code never imports tests',
      from: { pathNot: '^spec/' },
      to: { path: '^spec/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|fixtures)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js'],
    },
  },
};
