import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
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
});
