// ESLint flat config: typescript-eslint (type-aware), import rules for the folder boundaries of STYLE §2.
import tseslint from 'typescript-eslint'
import { importX } from 'eslint-plugin-import-x'

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'coverage/',
      'bench/out/',
      '.partnerwatch/',
      '.scratch/',
      'console/dist/',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { 'import-x': importX },
    languageOptions: { parserOptions: { projectService: true } },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js'] } } },
    rules: {
      curly: ['error', 'all'],
      'no-console': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: ['./lib'],
              from: ['./ingest', './detectors', './reports', './api', './data', './cli'],
            },
            { target: ['./detectors', './reports'], from: ['./ingest', './api', './cli'] },
            {
              target: ['./ingest', './data'],
              from: ['./api', './cli', './detectors', './reports'],
            },
            { target: ['./api'], from: ['./cli'] },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
)
