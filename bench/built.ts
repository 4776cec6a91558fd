/**
 * The built package (what `npm pack` ships: dist/), which the bench items measure. `npm run build` runs once
 * per suite: bench/suite.ts builds and tells each item so through POLYSCALE_BENCH_BUILT; an item run on its
 * own builds first.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";

export const ROOT = join(__dirname, "..");
export const BUILT_ENV = "POLYSCALE_BENCH_BUILT";

export function ensureBuilt(): void {
  if (process.env[BUILT_ENV] === "1") return;
  const build = spawnSync("npm", ["run", "build", "--silent"], { cwd: ROOT, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
  process.env[BUILT_ENV] = "1";
}

/** A module of the built package, by its path under src/ (`targets/lint`), typed as its source. */
export function built<T>(srcPath: string): T {
  ensureBuilt();
  return require(join(ROOT, "dist", "src", srcPath)) as T;
}
