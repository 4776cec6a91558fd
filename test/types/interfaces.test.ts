import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import * as schemas from "../../src/schemas";
import * as types from "../../src/types";

const root = resolve(__dirname, "../..");
const tsc = resolve(root, "node_modules/typescript/bin/tsc");

/** Run tsc on a project; the diagnostics it prints (empty when it passes). */
function typecheck(project: string): string {
  try {
    execFileSync(process.execPath, [tsc, "-p", project, "--pretty", "false"], { cwd: root, encoding: "utf8", stdio: "pipe" });
    return "";
  } catch (e) {
    return String((e as { stdout?: string }).stdout ?? e);
  }
}

describe("public interfaces and zod schemas", () => {
  it("agree in both directions, schema by schema (tsc on test/types/agreement.ts, negative controls included)", () => {
    expect(typecheck("test/types/tsconfig.agreement.json")).toBe("");
  }, 120_000);

  it("list the same metric kinds, in the same order", () => {
    expect([...types.METRIC_KIND_NAMES]).toEqual(schemas.METRIC_KIND_NAMES);
  });

  it("a typo in a policy literal passed to a component is a compile error naming the field, the interface and the nearest valid spelling", () => {
    // In a scratch folder inside the repository (git ignores node_modules) so @pulumi/* resolve as for a user.
    const dir = join(root, "node_modules/.cache", `polyscale-typo-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    try {
      const src = (p: string) => JSON.stringify(join(root, "src", p));
      writeFileSync(
        join(dir, "typo.ts"),
        [
          `import { KubernetesScaling } from ${src("components/kubernetes")};`,
          `import { EcsServiceScaling } from ${src("components/ecs")};`,
          `new KubernetesScaling("a", { policy: { service: "a", scaling: { replicas: { min: 1, max: 3 }, metrics: [{ cpu: { utilisation: 50 } }] } } });`,
          `new EcsServiceScaling("b", { policy: { service: "b", scaling: { mode: "fixd", replicas: { min: 1, max: 1 } } }, clusterName: "c" });`,
          "",
        ].join("\n"),
      );
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ extends: join(root, "tsconfig.json"), compilerOptions: { noEmit: true, sourceMap: false }, include: [], files: ["typo.ts"] }));
      const out = typecheck(join(dir, "tsconfig.json"));
      expect(out).toMatch(/typo\.ts\(3,\d+\): error TS2561: Object literal may only specify known properties, but 'utilisation' does not exist in type 'ResourceMetricInput'\. Did you mean to write 'utilization'\?/);
      expect(out).toMatch(/typo\.ts\(4,\d+\): error TS2820: Type '"fixd"' is not assignable to type 'ScalingMode \| undefined'\. Did you mean '"fixed"'\?/);
      expect(out.split("\n").filter((l) => /typo\.ts\(\d+,\d+\): error TS/.test(l))).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
