#!/usr/bin/env node
"use strict";
const path = require("node:path");
const fs = require("node:fs");
const built = path.join(__dirname, "..", "dist", "src", "cli", "main.js");
let cli;
if (fs.existsSync(built)) {
  cli = require(built);
} else {
  // Working copy without a build: run the TypeScript sources through tsx.
  require("tsx/cjs");
  cli = require(path.join(__dirname, "..", "src", "cli", "main.ts"));
}
cli.main(process.argv.slice(2)).then((code) => process.exit(code));
