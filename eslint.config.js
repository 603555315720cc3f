// One lint config for the whole repo. The import boundaries (README.md, "How it is built") are enforced here:
// extension/ and bridge/ never import each other, protocol/ imports only zod, and the simulated
// AI Studio never sees the extension's selectors (a test that passes by construction proves nothing).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** bridge/'s layers, top first: a folder may import the folders after it, never those before. */
export const BRIDGE_LAYERS = [
  'cli',
  'native',
  'http',
  'surfaces',
  'run',
  'conversation',
  'link',
  'pool',
  'accounts',
  'models',
  'selectors',
];

const noImport = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['dashboard/**'],
    rules: noImport(
      ['**/bridge/**', '**/extension/**', '**/tests/**', '**/sim/**', '**/protocol/**'],
      'the dashboard is a web page: it talks to the bridge over HTTP only',
    ),
  },
  {
    files: ['extension/**'],
    rules: noImport(['**/bridge/**', '**/tests/**', '**/sim/**'], 'extension/ must not import bridge/, sim/ or tests/'),
  },
  {
    files: ['bridge/**'],
    rules: noImport(
      ['**/extension/**', '**/tests/**', '**/sim/**'],
      'bridge/ must not import extension/, sim/ or tests/',
    ),
  },
  // bridge/'s folders import one way, top to bottom (DESIGN.md, CONTRIBUTING.md); root files such as
  // errors.ts and config.ts are shared by all. tests/unit/bridge/layers.test.ts also proves no cycle.
  ...BRIDGE_LAYERS.map((folder, rank) => ({
    files: [`bridge/${folder}/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/extension/**', '**/tests/**', '**/sim/**'],
              message: 'bridge/ must not import extension/, sim/ or tests/',
            },
            ...BRIDGE_LAYERS.slice(0, rank).map((above) => ({
              group: [`**/${above}/**`],
              message: `bridge/${folder}/ sits below bridge/${above}/: imports point down (${BRIDGE_LAYERS.join(' → ')})`,
            })),
          ],
        },
      ],
    },
  })),
  {
    files: ['protocol/**'],
    rules: noImport(['**/bridge/**', '**/extension/**', '**/tests/**', '**/sim/**'], 'protocol/ imports zod only'),
  },
  {
    files: ['sim/**'],
    rules: noImport(
      ['**/extension/**', '**/tests/**'],
      'the simulated AI Studio must not know the extension (a test that passes by construction proves nothing), nor tests/',
    ),
  },
  {
    files: ['sim/site/**'],
    rules: noImport(
      ['**/extension/**', '**/tests/**', '**/launch/**'],
      'the simulated site (sim/site/) knows neither the extension nor the launch tooling (sim/launch/) that starts it',
    ),
  },
  {
    files: ['bench/**', 'scripts/**', 'bin/**'],
    rules: noImport(
      ['**/tests/**', '**/extension/**'],
      'nothing outside tests/ imports tests/; bench and scripts use sim/ and public entry points',
    ),
  },
  {
    files: ['extension/popup/**'],
    rules: noImport(
      ['**/background/**', '**/content/**', '**/page/**'],
      'the popup talks to the worker by messages: it imports protocol/ and extension/lib/ only',
    ),
  },
  {
    files: ['extension/content/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/background/**', '**/popup/**'],
              message: 'the content script talks to the worker by messages only',
            },
            {
              group: ['../page/*', '!../page/records.ts'],
              message:
                'the content script reaches the MAIN-world tap only through extension/page/records.ts (the shared wire types)',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['extension/background/**'],
    rules: noImport(
      ['**/content/**', '**/popup/**', '**/page/**'],
      'the worker talks to content and popup by messages only',
    ),
  },
  {
    files: ['extension/page/**'],
    rules: noImport(
      ['**/protocol/**', '**/lib/**', '**/bridge/**'],
      'the MAIN-world tap runs in the page: self-contained',
    ),
  },
);
