import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PolicyError, parsePolicyFile } from "../../src/policy";
import { loadTarget, PLATFORMS } from "../../src/targets";
import { CLOUD_RUN_RULES, CONTAINER_APPS_RULES, ECS_RULES, KUBERNETES_RULES, negativeZeroPaths, violations } from "../../src/rules";
import { EXAMPLES_DIR } from "../helpers/seeds";

/**
 * Every seed example, on every platform that compiles it, satisfies the API rules of src/rules (the same
 * table the property suite applies to generated policies).
 */
const dir = join(EXAMPLES_DIR, "seeds");
const policies = readdirSync(dir)
  .filter((f) => f.endsWith(".yaml"))
  .flatMap((f) => parsePolicyFile(readFileSync(join(dir, f), "utf8"), f).map((p) => ({ label: `${f} ${p.service}`, p })));

const cases = policies.flatMap(({ label, p }) =>
  PLATFORMS.flatMap((platform) => {
    try {
      return [{ name: `${label} on ${platform}`, platform, p, docs: loadTarget(platform).render(p).documents as any[] }];
    } catch (e) {
      if (e instanceof PolicyError) return [];
      throw e;
    }
  }),
);

describe("seed examples satisfy the platform API rules", () => {
  it("covers every platform", () => {
    expect(new Set(cases.map((c) => c.platform))).toEqual(new Set(PLATFORMS));
  });

  it.each(cases)("$name", ({ platform, p, docs }) => {
    const found = docs.flatMap((d) => {
      const common = negativeZeroPaths(d);
      switch (platform) {
        case "kubernetes":
          return [...common, ...violations(KUBERNETES_RULES, { manifest: d, cluster: p.scaling?.kubernetes?.cluster })];
        case "ecs":
          return [...common, ...violations(ECS_RULES, d)];
        case "container-apps":
          return [...common, ...violations(CONTAINER_APPS_RULES, { scale: d.args.template.scale, maxReplicasLimit: p.scaling?.containerApps?.maxReplicasLimit })];
        default:
          return [...common, ...violations(CLOUD_RUN_RULES, { args: d.args, maxInstanceLimit: p.scaling?.cloudRun?.maxInstanceLimit })];
      }
    });
    expect(found).toEqual([]);
  });
});
