// Lint for the project's own TypeScript: typescript-eslint's recommended rules (`npm run lint:ts`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // VCL and HTTP are byte protocols: regexes over control characters are deliberate.
      'no-control-regex': 'off',
      // Function table impls take their arguments already converted per the signature; `any` there is the contract.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
);
