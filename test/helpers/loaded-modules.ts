import { execFileSync } from "node:child_process";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");

/** Runs `script` in a fresh Node process (tsx's CommonJS hook) and lists the @pulumi modules Node loaded. */
export function loadedAfter(script: string): string[] {
  const code = `${script};
    const keys = Object.keys(require.cache).map((k) => k.split(require("path").sep).join("/"));
    process.stdout.write(JSON.stringify(keys.filter((k) => k.includes("node_modules/@pulumi/")).map((k) => k.slice(k.indexOf("@pulumi/")))));`;
  return JSON.parse(execFileSync(process.execPath, ["-r", "tsx/cjs", "-e", code], { cwd: ROOT, encoding: "utf8", timeout: 60_000 }));
}
