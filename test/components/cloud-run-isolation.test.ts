import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** Runs in a fresh Node process (tsx's CommonJS hook) and lists the modules Node loaded. */
const ROOT = join(__dirname, "..", "..");

function loadedAfter(script: string): string[] {
  const code = `${script};
    const keys = Object.keys(require.cache).map((k) => k.split(require("path").sep).join("/"));
    process.stdout.write(JSON.stringify(keys.filter((k) => k.includes("node_modules/@pulumi/")).map((k) => k.slice(k.indexOf("@pulumi/")))));`;
  return JSON.parse(execFileSync(process.execPath, ["-r", "tsx/cjs", "-e", code], { cwd: ROOT, encoding: "utf8", timeout: 60_000 }));
}

describe("cloud-run SDK isolation", () => {
  it("the pure target (as `polyscale render --platform cloud-run` loads it) loads no Pulumi package", () => {
    expect(loadedAfter(`require("./src/targets").loadTarget("cloud-run")`)).toEqual([]);
  });

  it("the component loads @pulumi/gcp/cloudrunv2, monitoring's AlertPolicy and Dashboard modules, and nothing else of @pulumi/gcp but its shared utilities", () => {
    const gcp = loadedAfter(`require("./src/components/cloud-run")`).filter((k) => k.startsWith("@pulumi/gcp/"));
    expect(gcp.filter((k) => k.startsWith("@pulumi/gcp/cloudrunv2/")).length).toBeGreaterThan(0);
    expect(gcp.filter((k) => !k.startsWith("@pulumi/gcp/cloudrunv2/")).sort()).toEqual([
      "@pulumi/gcp/monitoring/alertPolicy.js",
      "@pulumi/gcp/monitoring/dashboard.js",
      "@pulumi/gcp/package.json",
      "@pulumi/gcp/utilities.js",
    ]);
  });
});
