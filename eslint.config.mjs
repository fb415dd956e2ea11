import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

// ---------------------------------------------------------------------------------------------
// Layers of src/, bottom up. A module may import its own files and anything in a lower layer,
// never a higher one. Peers in the same layer may import each other, except examples (each
// example stands alone). Every folder directly under src/ must be listed here: a folder that is
// not is reported as "unassigned" (add it to the layer it belongs to).
// ---------------------------------------------------------------------------------------------
const LAYERS = [
  { type: 'config', modules: ['config'] },
  { type: 'common', modules: ['common'] },
  { type: 'infra', modules: ['database', 'mail', 'credential-cache'] },
  { type: 'users', modules: ['users'] },
  {
    type: 'features',
    modules: [
      'sessions',
      'tokens',
      'two-factor',
      'ownership',
      'roles',
      'security-events',
      'email-verification',
    ],
  },
  { type: 'access', modules: ['access'] },
  { type: 'auth', modules: ['auth'] },
  { type: 'edge-features', modules: ['social', 'password-reset', 'passkeys'] },
  // How products plug in: the ExampleModule contract and the module that collects their contributions.
  { type: 'extensions', modules: ['extensions'] },
  // src/examples/<name>.
  { type: 'examples', modules: [], nested: 'examples' },
  // src/*.ts (main.ts, app.module.ts, …), src/cli, src/health.
  { type: 'app', modules: ['cli', 'health', 'openapi'] },
];
const LAYER_TYPES = LAYERS.map((l) => l.type);
const alternation = (names) => `@(${names.join('|')})`;

const LAYER_ELEMENTS = [
  ...LAYERS.flatMap(({ type, modules, nested }) => [
    ...(nested ? [{ type, pattern: `src/${nested}/*`, capture: ['module'], partialMatch: false }] : []),
    { type, pattern: `src/${alternation(modules)}`, capture: ['module'], partialMatch: false },
  ]),
  // Files directly in src/examples/ (an examples.module.ts that wires the examples together) are app wiring.
  { type: 'app', pattern: 'src/(examples)', capture: ['module'], partialMatch: false },
  // Any other folder under src/ that is not assigned to a layer above.
  { type: 'unassigned', pattern: 'src/*', capture: ['module'], partialMatch: false },
  // src/*.ts: the app itself.
  { type: 'app', pattern: '(src)', capture: ['module'], partialMatch: false },
];

const who = (side) => `{{${side}.captured.module}} ({{${side}.type}})`;
const LAYER_POLICIES = [
  // 1. A module's repository is private to it; other modules go through its exported service.
  //    (Listed first so that, when an import also crosses a layer, the layer message below wins.)
  {
    disallow: { to: { element: { fileInternalPath: '**/*.repository.ts' } } },
    message: `${who('from')} must not import {{to.captured.module}}/{{to.internalPath}} (another module's repository): use the service {{to.captured.module}} exports`,
  },
  // 2. Never upwards.
  ...LAYERS.slice(0, -1).map(({ type }, i) => ({
    from: { element: { type } },
    disallow: { to: { element: { type: LAYER_TYPES.slice(i + 1) } } },
    message: `${who('from')} must not import ${who('to').replace(')', ', a higher layer)')}: the layers are ${LAYER_TYPES.join(' < ')}`,
  })),
  // 3. Examples stand alone: one example never imports another (imports inside one example are internal and not checked).
  {
    from: { element: { type: 'examples' } },
    disallow: { to: { element: { type: 'examples' } } },
    message: `${who('from')} must not import {{to.captured.module}} (another example): examples are independent of each other`,
  },
  // 4. Every folder under src/ belongs to a layer.
  {
    disallow: { to: { element: { type: 'unassigned' } } },
    message: `src/{{to.captured.module}} is not assigned to a layer: add it to LAYERS in eslint.config.mjs`,
  },
  {
    disallow: { from: { element: { type: 'unassigned' } } },
    message: `src/{{from.captured.module}} is not assigned to a layer: add it to LAYERS in eslint.config.mjs`,
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'var/**',
      'coverage/**',
      'examples/**',
      'jest.config.cjs',
      // Generated (npm run client:generate).
      'clients/typescript/schema.d.ts',
    ],
  },
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
    // The layering of src/ (LAYERS above). Imports are resolved through tsconfig.json, so `.js`
    // specifiers, type-only imports, `typeof import()`, dynamic import() and re-exports
    // (`export … from`) are all checked. An import that does not resolve is not checked (tsc reports it).
    files: ['src/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { typescript: { project: 'tsconfig.json', alwaysTryTypes: true } },
      'boundaries/elements': LAYER_ELEMENTS,
      'boundaries/include': ['src/**/*.ts'],
      'boundaries/dependency-nodes': ['import', 'export', 'dynamic-import'],
      // `typeof import('…')` in a type position.
      'boundaries/additional-dependency-nodes': [
        { selector: 'TSImportType > Literal.source', kind: 'type', name: 'import-type' },
        // (older typescript-estree: TSImportType.argument is a TSLiteralType)
        { selector: 'TSImportType > TSLiteralType.argument > Literal', kind: 'type', name: 'import-type' },
      ],
      'boundaries/legacy-templates': false,
    },
    rules: {
      'boundaries/dependencies': ['error', { default: 'allow', policies: LAYER_POLICIES }],
    },
  },
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
          message:
            'Call runStrategy() (common/auth/run-strategy.ts): it gives each request its own strategy object.',
        },
        {
          selector: "CallExpression[callee.property.name='authenticate'][arguments.length>=2]",
          message:
            'Call runStrategy() (common/auth/run-strategy.ts): it gives each request its own strategy object.',
        },
      ],
    },
  },
);
