// One lint config for the whole repo. The import boundaries from DESIGN.md are enforced here:
// extension/ and bridge/ never import each other, protocol/ imports only zod, and the simulated
// AI Studio never sees the extension's selectors (a test that passes by construction proves nothing).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

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
  { files: ['extension/**'], rules: noImport(['**/bridge/**', '**/tests/**'], 'extension/ must not import bridge/ or tests/') },
  { files: ['bridge/**'], rules: noImport(['**/extension/**', '**/tests/**'], 'bridge/ must not import extension/ or tests/') },
  { files: ['protocol/**'], rules: noImport(['**/bridge/**', '**/extension/**', '**/tests/**'], 'protocol/ imports zod only') },
  { files: ['tests/sim/**'], rules: noImport(['**/extension/**'], 'the simulated AI Studio must not know the extension') },
  {
    files: ['extension/page/**'],
    rules: noImport(['**/protocol/**', '**/lib/**', '**/bridge/**'], 'the MAIN-world tap runs in the page: self-contained'),
  },
);
