import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'var/**', 'coverage/**', 'examples/**', 'jest.config.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  { files: ['test/**/*.ts', 'bench/**/*.ts'], rules: { 'no-console': 'off' } },
  {
    // passport.authenticate mutates the strategy object it is handed, per request; runStrategy gives
    // every request its own copy. Any other call site would share one object between users.
    files: ['src/**/*.ts'],
    ignores: ['src/common/auth/run-strategy.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='authenticate'][object.name=/^passport$|Passport/]",
          message: 'Call runStrategy() (common/auth/run-strategy.ts): it gives each request its own strategy object.',
        },
        {
          selector: "CallExpression[callee.property.name='authenticate'][arguments.length>=2]",
          message: 'Call runStrategy() (common/auth/run-strategy.ts): it gives each request its own strategy object.',
        },
      ],
    },
  },
);
