#!/usr/bin/env node
// Part of `npm run build`: the CLI as one bundled file, dist/cli.js, which bin/polyscale.js runs in an
// installed package (with V8's code cache, bin/load-bundle.js). One file instead of about 240 (zod alone is
// 95 files in CommonJS, yaml 72): see docs/performance.md. The Pulumi SDKs and tsx stay external
// (`polyscale plan` must share the user's @pulumi/pulumi), and so does the Grafana SDK (a dependency, loaded
// only for dashboards). dist/cli.js.sha256 names the code cache.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "dist", "cli.js");

/**
 * zod's classic API loads all of its 40-odd locales (`z.locales`) and configures English; the CLI only ever
 * speaks English (its messages are polyscale's own, src/policy/messages.ts), so the bundle's locale index
 * holds `en` alone. That is most of zod's code in the bundle (about 400 KB).
 */
const zodEnglishOnly = {
  name: "zod-english-only",
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.c?js$/ }, (args) => ({
      contents: args.path.endsWith(".cjs") ? 'exports.en = require("./en.cjs").default;' : 'export { default as en } from "./en.js";',
      resolveDir: dirname(args.path),
      loader: "js",
    }));
  },
};

await build({
  entryPoints: [join(ROOT, "src", "cli", "main.ts")],
  outfile: OUT,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  external: ["@pulumi/*", "tsx", "tsx/*", "@grafana/grafana-foundation-sdk", "@grafana/grafana-foundation-sdk/*"],
  plugins: [zodEnglishOnly],
  legalComments: "none",
  logLevel: "warning",
});
writeFileSync(`${OUT}.sha256`, `${createHash("sha256").update(readFileSync(OUT)).digest("hex")}\n`);
