/**
 * Import rules checked by `npm run check:cycles` (dependency-cruiser).
 * - no module cycle anywhere in src/;
 * - (scripts/checkCycles.mjs, on this tool's graph) no two folders of src/core that import each
 *   other, directly or through other folders: a folder-level cycle is what makes a layer
 *   impossible to read or test on its own;
 * - src/core never reaches vscode (the lint rule checks the import; this checks the path through
 *   src/vscode too).
 */
module.exports = {
  forbidden: [
    {
      name: 'no-module-cycle',
      comment: 'Two modules that import each other, directly or through others.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'core-stays-out-of-vscode',
      comment: 'src/core runs in plain Node (unit tests, CLI); only src/vscode and extension.ts may use the VS Code API.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^(src/vscode/|node_modules/@types/vscode/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
