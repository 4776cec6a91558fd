/**
 * The CLI as an installed package runs it, for the bench items that time it (cli, cdk8s): `bin/`, `dist/` and
 * package.json copied to `<work>/node_modules/polyscale` (the files `npm pack` ships that a render reads), so
 * the bin takes its installed branch (the bundle, with V8's code cache in `<work>/compile-cache`). The Grafana
 * SDK, external to the bundle, resolves from the checkout. Call after `npm run build`.
 */
import { cpSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";

export interface InstalledCli {
  /** The installed bin/polyscale.js. */
  bin: string;
  /** Environment with the code cache in the work folder (seeded by the first run). */
  env: NodeJS.ProcessEnv;
  /** The same with the code cache off (what a first run costs). */
  envNoCache: NodeJS.ProcessEnv;
}

export function installCli(root: string, work: string): InstalledCli {
  const pkg = join(work, "node_modules", "polyscale");
  mkdirSync(pkg, { recursive: true });
  for (const f of ["bin", "dist", "package.json"]) cpSync(join(root, f), join(pkg, f), { recursive: true });
  symlinkSync(join(root, "node_modules", "@grafana"), join(work, "node_modules", "@grafana"), "dir");
  return {
    bin: join(pkg, "bin", "polyscale.js"),
    env: { ...process.env, NODE_COMPILE_CACHE: join(work, "compile-cache") },
    envNoCache: { ...process.env, NODE_DISABLE_COMPILE_CACHE: "1" },
  };
}
