// playwright-core is installed only in test/e2e/node_modules, by test/e2e/install.sh (npm run test:e2e), so
// the type-check of the scripts (tsconfig.scripts.json) must not depend on it: the driver uses it untyped.
declare module 'playwright-core';
