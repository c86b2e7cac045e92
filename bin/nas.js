#!/usr/bin/env node
// Thin launcher: the CLI is TypeScript compiled into dist/ by `npm install` (the prepare step).
const { main } = require('../dist/client/cli.js');
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`nas: ${err && err.stack ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
