import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
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
