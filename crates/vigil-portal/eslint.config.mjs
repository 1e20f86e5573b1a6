// ESLint for the portal's scripts (run by scripts/lint-portal.sh): every name defined before
// it is read, nothing imported or declared but unused, only browser globals (plus Chart.js's).
import { createRequire } from 'node:module';

// `globals` comes from the tools cache the script installed ESLint into.
const globals = createRequire(`${process.env.VIGIL_ESLINT_TOOLS}/node_modules/`)('globals');

export default [{
  files: ['assets/js/**/*.js'],
  languageOptions: {
    ecmaVersion: 2023,
    sourceType: 'module',
    globals: { ...globals.browser },
  },
  rules: {
    'no-unused-vars': ['error', { args: 'none', caughtErrors: 'none' }],
    'no-undef': 'error',
    'no-use-before-define': ['error', { functions: false, variables: false }],
    eqeqeq: ['error', 'smart'],
    'no-implicit-globals': 'error',
  },
}];
