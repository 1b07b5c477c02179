import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test/e2e/node_modules/**', 'test/e2e/.cache/**', 'test/e2e/.run/**', 'test/fixtures/workspaces/**', 'esbuild.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
      // Files under 400 lines and functions under 120, so each reads in one sitting.
      'max-lines': ['error', { max: 400 }],
      'max-lines-per-function': ['error', { max: 120 }],
    },
  },
  {
    // Scripts too stay under 400 lines. An e2e suite's tests share one VS Code session inside one
    // `describe`, so its callback may be long; no function limit here.
    files: ['**/*.mjs'],
    rules: { 'max-lines': ['error', { max: 400 }] },
  },
  {
    // Repository scripts and bench drivers: plain Node ESM.
    files: ['scripts/**/*.mjs', 'bench/**/*.mjs'],
    languageOptions: {
      globals: Object.fromEntries(
        ['process', 'console', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Buffer', 'URL'].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    // End-to-end scripts: plain Node ESM, plus browser globals inside page.evaluate callbacks.
    files: ['test/e2e/**/*.mjs'],
    languageOptions: {
      globals: Object.fromEntries(
        ['process', 'console', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Buffer', 'URL', 'fetch', 'document', 'window', 'localStorage', 'getComputedStyle'].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    // Helper extensions the e2e sessions install beside Docsmith: CommonJS, as VS Code loads them.
    files: ['test/e2e/fixtures/**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', exports: 'writable', module: 'writable' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The core runs in plain Node (unit tests, CLI): it must never see the VS Code API.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core must not import vscode; put it in src/vscode.' }] }],
    },
  },
);
