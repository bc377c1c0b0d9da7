// Layer rules, checked by `npm test` (test/unit/layers.test.ts runs
// `depcruise`). Imports point one way:
//   cli -> run / report / tui / live / audit / state -> engine -> decode -> util
//   pcap (file formats) and decode sit below; the engine never reads files,
//   and nothing but bin/ ends the process (checked by the same test).
const layer = (name, from, forbidden, comment) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from },
  to: { path: forbidden },
});

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'import cycles hide the layering', from: {}, to: { circular: true } },
    layer('util-is-a-leaf', '^src/util/', '^src/(?!util/)', 'util is imported by everything and imports nothing of ours'),
    layer('decode-is-pure', '^src/decode/', '^src/(?!decode/|util/)', 'decoders import nothing of ours above util'),
    layer('pcap-is-a-source', '^src/pcap/', '^src/(?!pcap/|util/)', 'file formats read and write bytes; they do not drive the engine'),
    layer('engine-below-sinks', '^src/engine/', '^src/(pcap|run|report|tui|cli|live|audit)/', 'the engine imports neither file formats nor report nor cli'),
    layer('run-drives-engine', '^src/run/', '^src/(report|tui|cli|live|audit)/', 'the runner feeds inputs to the engine and knows no sink'),
    layer('report-observes', '^src/report/', '^src/(run|tui|cli|live|audit)/', 'the report renders engine state and input facts'),
    layer('tui-below-cli', '^src/tui/', '^src/(cli|live|run)/', 'the dashboard renders; the cli wires it'),
    layer('live-below-cli', '^src/live/', '^src/(cli|tui|run)/', 'live capture feeds the engine; the cli wires sinks'),
    layer('state-is-storage', '^src/state/', '^src/(pcap|run|report|tui|cli|live|audit)/', 'the --state file stores what the engine learned; it knows no sink'),
    layer('audit-alone', '^src/audit/', '^src/(?!audit/|util/|contract/host\\.ts$)', 'the host audit reads the machine, not captures (its output shape is the host contract)'),
    layer('contract-is-declarative', '^src/contract/', '^src/(?!contract/|engine/codes\\.ts$)', 'the JSON contract names the finding codes and nothing else of ours'),
    {
      name: 'contract-types-only',
      severity: 'error',
      comment: 'the tool imports the contract as types only, so TypeBox never loads at run time',
      from: { path: '^src/', pathNot: '^src/contract/' },
      to: { path: '^src/contract/', dependencyTypesNot: ['type-only'] },
    },
    layer('product-not-tests', '^(src|bin)/', '^(test|bench|scripts)/', 'the published package ships neither tests nor tools'),
    layer('scripts-not-tests', '^scripts/', '^(test|bench)/', 'scripts are tools of the project, not of its tests'),
    layer('tests-not-bench', '^test/', '^bench/', 'tests do not import the benchmark'),
    {
      name: 'blessed-in-dashboard-only',
      severity: 'error',
      comment: 'one module draws the terminal',
      from: { path: '^src/', pathNot: '^src/tui/dashboard\\.ts$' },
      to: { path: 'node_modules/blessed/' },
    },
    {
      name: 'cap-in-live-only',
      severity: 'error',
      comment: 'libpcap is optional: only live/cap.ts loads it',
      from: { path: '^src/', pathNot: '^src/live/cap\\.ts$' },
      to: { path: 'node_modules/cap/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
  },
};
