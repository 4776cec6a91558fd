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

describe("container-apps SDK isolation", () => {
  it("the pure target (as `polyscale render --platform container-apps` loads it) loads no Pulumi package", () => {
    expect(loadedAfter(`require("./src/targets").loadTarget("container-apps")`)).toEqual([]);
  });

  it("the component loads @pulumi/azure-native/app, monitor's MetricAlert and applicationinsights' Workbook modules, and nothing else of azure-native but its shared files", () => {
    const az = loadedAfter(`require("./src/components/container-apps")`).filter((k) => k.startsWith("@pulumi/azure-native/"));
    expect(az.filter((k) => k.startsWith("@pulumi/azure-native/app/")).length).toBeGreaterThan(0);
    // The app submodule and its enums (types/enums/app) are the Container App's own.
    expect(az.filter((k) => !k.startsWith("@pulumi/azure-native/app/") && !k.startsWith("@pulumi/azure-native/types/enums/app/")).sort()).toEqual([
      "@pulumi/azure-native/applicationinsights/workbook.js",
      "@pulumi/azure-native/monitor/metricAlert.js",
      "@pulumi/azure-native/package.json",
      "@pulumi/azure-native/utilities.js",
    ]);
  });
});
