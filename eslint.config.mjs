// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundaries from 'eslint-plugin-boundaries';
import prettier from 'eslint-config-prettier';

const onlyKafkaLib = {
  name: 'kafkajs',
  message: 'Only libs/kafka imports kafkajs; depend on its interfaces.',
};
const deepImport = {
  group: ['@app/*/*'],
  message: 'Import a lib only through its alias (its index.ts), never a deep path.',
};

/** Builds a no-restricted-imports rule; every scope also forbids deep imports into libs. */
function restrictImports(paths, patterns) {
  return ['error', { paths, patterns: [deepImport, ...patterns] }];
}

/**
 * Module boundaries (STYLE.md): an app never imports another app, a lib is reached only through
 * its `index.ts` alias, and only libs/kafka may import kafkajs.
 */
export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.stack/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts'],
    plugins: { boundaries },
    settings: {
      // Resolve relative imports of .ts files; aliases (@app/*) are checked by no-restricted-imports.
      'import/resolver': { node: { extensions: ['.ts', '.js'] } },
      'boundaries/include': ['apps/**/*', 'libs/**/*', 'test/**/*', 'tools/**/*', 'bench/**/*'],
      'boundaries/elements': [
        { type: 'app', pattern: 'apps/*', capture: ['app'], mode: 'folder' },
        { type: 'lib', pattern: 'libs/*', capture: ['lib'], mode: 'folder' },
        { type: 'test', pattern: 'test', mode: 'folder' },
        { type: 'tool', pattern: '(tools|bench)', mode: 'folder' },
      ],
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'boundaries/element-types': [
        'error',
        {
          default: 'allow',
          rules: [
            {
              from: 'lib',
              disallow: ['app', 'test', 'tool'],
              message: 'A lib must not import an app, a test or a tool.',
            },
            {
              from: 'app',
              disallow: [['app', { app: '!${from.app}' }]],
              message: 'An app never imports another app.',
            },
          ],
        },
      ],
      'no-restricted-imports': restrictImports(
        [],
        [
          {
            group: ['**/libs/*/src/**', '../**/libs/**'],
            message: 'Import a lib through its @app/<lib> alias.',
          },
          { group: ['**/apps/**'], message: 'Never import an app.' },
        ],
      ),
    },
  },
  {
    files: ['libs/**/*.ts'],
    ignores: ['libs/kafka/**'],
    rules: {
      'no-restricted-imports': restrictImports(
        [onlyKafkaLib],
        [{ group: ['**/apps/**'], message: 'A lib never imports an app.' }],
      ),
    },
  },
  {
    files: ['apps/**/*.ts'],
    rules: {
      'no-restricted-imports': restrictImports(
        [onlyKafkaLib],
        [{ group: ['**/libs/**'], message: 'Import a lib through its @app/<lib> alias.' }],
      ),
    },
  },
  {
    files: ['libs/events/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'kafkajs', message: 'libs/events knows neither Nest nor kafkajs.' }],
          patterns: [
            {
              group: ['@nestjs/*', '@app/*'],
              message: 'libs/events knows neither Nest nor other libs.',
            },
          ],
        },
      ],
    },
  },
);
