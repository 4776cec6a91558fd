import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePolicyFile } from "../../src/policy";
import { loadTarget } from "../../src/targets";
import { featureTable } from "../../src/targets/feature-table";

const README = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");

describe("README", () => {
  it("the supported-features table is the one generated from the targets' capabilities (npm run readme-table)", () => {
    expect(README).toContain(featureTable());
  });

  it("starts with the two fresh-machine commands: the main job and the tests", () => {
    const head = README.split("\n").slice(0, 12).join("\n");
    expect(head).toContain("npm ci && npm run plan");
    expect(head).toContain("bash .ci/run");
  });
});

describe("README's headline policy", () => {
  const block = /```yaml\n(service: instant-tasks-worker[\s\S]*?)```/.exec(README)![1]!;

  it.each(["kubernetes", "ecs", "container-apps"] as const)("renders on %s", (platform) => {
    const [policy] = parsePolicyFile(block, "README.md");
    const out = loadTarget(platform).render(policy!);
    expect(out.documents.length).toBeGreaterThan(0);
  });

  it("is refused on cloud-run with the seed's alternative", () => {
    const [policy] = parsePolicyFile(block, "README.md");
    expect(() => loadTarget("cloud-run").render(policy!)).toThrow(/scaling\.metrics\[0\]\.queue: metric `queue` is not supported on cloud-run; nearest alternative: GKE with KEDA/);
  });
});
