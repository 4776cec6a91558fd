#!/usr/bin/env node
// Part of `npm run build`: the CLI as one tree-shaken file, dist/cli.js, which bin/polyscale.js runs in an
// installed package. One file instead of about 240 (zod alone is 95 files in CommonJS, yaml 72): a cold
// `polyscale render` takes about a fifth less time (docs/performance.md). The Pulumi SDKs and tsx stay
// external: `polyscale plan` must share the user's @pulumi/pulumi.
import { buildSync } from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
buildSync({
  entryPoints: [join(ROOT, "src", "cli", "main.ts")],
  outfile: join(ROOT, "dist", "cli.js"),
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  external: ["@pulumi/*", "tsx", "tsx/*"],
  legalComments: "none",
  logLevel: "warning",
});
