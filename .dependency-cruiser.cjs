// The import rule: folders are pipeline stages and data flows one way. A folder may import only
// folders to its left in LAYERS; the relay stands alone; lint, testing and demo sit on top (lint may
// use testing, to check test files as the runner does; src/files holds what lint and test share);
// no cycles anywhere; supervisor (serve's processes: workers, reload) sits on top too, over src/edge.ts.
// `npm test` runs it (`npm run depcruise`).
// project (a service's config: dictionaries, ACLs, snippets, backends) assembles parsed VCL, so it sits
// right after the parser; lint, testing, src/edge.ts and bin use it.
const LAYERS = ['lexer', 'ast', 'parser', 'project', 'values', 'builtins', 'check', 'compile', 'engine', 'server'];
const TOP = ['lint', 'testing', 'demo', 'supervisor'];

const folder = (name) => `^src/${name}/`;
const anyOf = (names) => `^src/(${names.join('|')})/`;

const backEdges = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `${layer}-imports-only-leftward`,
  comment: `${layer} may import only ${LAYERS.slice(0, i).join(', ') || 'shared root modules'}`,
  severity: 'error',
  from: { path: folder(layer) },
  to: { path: anyOf([...LAYERS.slice(i + 1), ...TOP, 'relay']) },
}));

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    ...backEdges,
    {
      name: 'server-not-relay',
      comment: 'the server does not import the relay: src/edge.ts joins them',
      severity: 'error',
      from: { path: folder('server') },
      to: { path: anyOf(['relay', ...TOP]) },
    },
    {
      name: 'relay-stands-alone',
      comment: 'the relay imports nothing of the VCL side',
      severity: 'error',
      from: { path: folder('relay') },
      to: { path: '^src/', pathNot: folder('relay') },
    },
    {
      name: 'top-folders-apart',
      comment: 'testing and demo each build on the pipeline, not on one another or on lint',
      severity: 'error',
      from: { path: '^src/(testing|demo)/' },
      to: { path: anyOf(TOP), pathNot: '^src/$1/' },
    },
    {
      name: 'lint-over-testing',
      comment: 'lint may use testing (it checks *.test.vcl files as the runner does), never demo',
      severity: 'error',
      from: { path: '^src/lint/' },
      to: { path: '^src/demo/' },
    },
    {
      name: 'root-modules-are-leaves',
      comment: 'diagnostics.ts, rule-ids.ts, usage-error.ts and bytes.ts are shared by every layer, so they import none (but the rule id list)',
      severity: 'error',
      from: { path: '^src/(diagnostics|rule-ids|usage-error|bytes|dictionary)\\.ts$' },
      to: { path: '^src/', pathNot: '^src/rule-ids\\.ts$' },
    },
    {
      name: 'files-is-a-leaf',
      comment: 'src/files (globs, folder walks) serves lint and test and imports only the usage error',
      severity: 'error',
      from: { path: '^src/files/' },
      to: { path: '^src/', pathNot: '^src/(files/|usage-error\\.ts$)' },
    },
    {
      name: 'pipeline-not-tools',
      comment: 'the pipeline stages do not import the file helpers of the tools on top',
      severity: 'error',
      from: { path: anyOf([...LAYERS, 'relay']) },
      to: { path: '^src/files/' },
    },
    {
      name: 'library-not-cli',
      comment: 'bin/ is a thin CLI over the library; the library never imports it',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^bin/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
