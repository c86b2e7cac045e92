#!/usr/bin/env node
// Thin launcher: the CLI is TypeScript compiled into dist/ by `npm install` (the prepare step).
// main() reports errors itself and returns the exit code (see client/exit-codes.ts).
// Exit only once stdout has taken everything (a large --json output to a pipe would be cut).
const { main, exitAfterFlush } = require('../dist/client/cli.js');
main(process.argv.slice(2)).then((code) => exitAfterFlush(code));
