#!/usr/bin/env node
// Thin launcher: the CLI is TypeScript compiled into dist/ by `npm install` (the prepare step).
// main() reports errors itself and returns the exit code (see client/exit-codes.ts).
const { main } = require('../dist/client/cli.js');
main(process.argv.slice(2)).then((code) => process.exit(code));
