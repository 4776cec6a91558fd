#!/usr/bin/env node
"use strict";
// Inside the repository checkout (src/cli/main.ts beside this file) run the TypeScript sources through
// tsx, so a stale dist/ never shadows edited sources; an installed package has only dist/, where it runs
// the bundled CLI (dist/cli.js, built by scripts/bundle-cli.mjs: a faster cold start than dist/src), with
// V8's code cache (./load-bundle.js).
const path = require("node:path");
const fs = require("node:fs");
const source = path.join(__dirname, "..", "src", "cli", "main.ts");
let cli;
if (fs.existsSync(source)) {
  require("tsx/cjs");
  cli = require(source);
} else {
  cli = require("./load-bundle.js").loadBundle(path.join(__dirname, "..", "dist", "cli.js"));
}
// Set the exit code and let Node exit once stdout/stderr have drained (process.exit would cut piped output).
cli.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
