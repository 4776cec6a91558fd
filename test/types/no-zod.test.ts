import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zodImportChains } from "./dts-graph";

const root = resolve(__dirname, "../..");
// Inside the repository (under node_modules, which git ignores) so that the built declarations resolve
// packages exactly as the published ones would.
const outDir = join(root, "node_modules/.cache", `polyscale-no-zod-${process.pid}`);

/** Public entries from package.json `exports`, as their declaration files under outDir. `polyscale/schemas` exports zod by design. */
function publicEntries(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { exports: Record<string, string | { types?: string }> };
  const entries: Record<string, string> = {};
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    const types = typeof target === "string" ? undefined : target.types;
    if (!types || subpath === "./schemas") continue;
    entries[subpath === "." ? "polyscale" : `polyscale/${subpath.slice(2)}`] = join(outDir, types.replace(/^\.\/dist\//, ""));
  }
  return entries;
}

describe("public declarations load no zod", () => {
  beforeAll(() => {
    mkdirSync(outDir, { recursive: true });
    try {
      execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json", "--outDir", outDir, "--emitDeclarationOnly", "--sourceMap", "false"], { cwd: root, stdio: "pipe" });
    } catch {
      // Type errors elsewhere do not stop declaration emit; a missing entry fails the test below.
    }
  }, 180_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it("covers every public entry but polyscale/schemas", () => {
    const entries = publicEntries();
    expect(Object.keys(entries)).toEqual(expect.arrayContaining(["polyscale", "polyscale/kubernetes", "polyscale/aws", "polyscale/azure", "polyscale/gcp", "polyscale/presets", "polyscale/testing"]));
    for (const file of Object.values(entries)) expect(readFileSync(file, "utf8").length).toBeGreaterThan(0);
  });

  it("no import path from a public entry's .d.ts reaches zod", () => {
    expect(zodImportChains(outDir, publicEntries())).toEqual([]);
  });

  // The Grafana SDK's declarations are large, and its subpath exports do not resolve under node10 (`moduleResolution: node`).
  it("nor the Grafana foundation SDK (the dashboard type is polyscale's own)", () => {
    expect(zodImportChains(outDir, publicEntries(), ["@grafana/grafana-foundation-sdk"])).toEqual([]);
    const probe = join(outDir, "grafana-probe.d.ts");
    writeFileSync(probe, 'export * from "./src/targets/kubernetes/observability/dashboard";\n');
    expect(zodImportChains(outDir, { probe }, ["@grafana/grafana-foundation-sdk"]).length).toBeGreaterThan(0);
  });

  it("the check sees zod where it is: polyscale/schemas reaches it", () => {
    const schemas = join(outDir, "src/schemas.d.ts");
    writeFileSync(join(outDir, "probe.d.ts"), 'export * from "./src/schemas";\n');
    expect(zodImportChains(outDir, { "polyscale/schemas": schemas }).length).toBeGreaterThan(0);
    expect(zodImportChains(outDir, { probe: join(outDir, "probe.d.ts") })[0]).toMatch(/^probe -> probe\.d\.ts -> src\/schemas\.d\.ts -> src\/(policy\/index|sources\/schemas)\.d\.ts -> .* -> "zod"$/);
  });
});
