import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runLint } from "../../src/cli/lint";
import { RULE_GUIDANCE } from "../../src/rules";

const SEEDS = join(__dirname, "..", "..", "examples", "seeds");

function lint(text: string, format: "json" | "text" = "json") {
  const file = join(mkdtempSync(join(tmpdir(), "polyscale-lint-rules-")), "policies.yaml");
  writeFileSync(file, text);
  let out = "";
  let err = "";
  const code = runLint({ file, platforms: ["kubernetes"], format }, { out: (s: string) => { out += s; }, err: (s: string) => { err += s; } } as any);
  return { code, out, err };
}

// The surge-pricing seed (memory-only VPA in Auto mode) beside a policy a team adds for the same Deployment.
const surge = readFileSync(join(SEEDS, "surge-pricing.yaml"), "utf8");
const hpaOn = (metric: "memory" | "cpu") => `service: surge-pricing-hpa
namespace: ridehailing
workload: { kind: Deployment, name: surge-pricing-calc }
scaling:
  replicas: { min: 2, max: 10 }
  metrics:
    - ${metric}: { utilization: 75 }
`;

/** One policy file's text as an item of a `services:` list. */
const block = (t: string) => t.split("\n").filter((l) => !l.startsWith("#") && l !== "").map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`)).join("\n");

describe("polyscale lint runs the same rules as the CrossGuard pack", () => {
  it("reports one policy's VPA (Auto, memory) against another policy's HPA on memory of the same Deployment, with the fix", () => {
    const r = lint(`services:\n${block(surge)}\n${block(hpaOn("memory"))}\n`);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out);
    const vpa = json.results.find((x: any) => x.service === "surge-pricing");
    expect(vpa.ok).toBe(false);
    expect(vpa.errors).toEqual([{ code: "k8s.vpa-hpa-conflict", path: "", message: expect.stringContaining(`resizes memory of Deployment surge-pricing-calc`) }]);
    expect(vpa.errors[0].message).toContain(`fix: ${RULE_GUIDANCE["k8s.vpa-hpa-conflict"]!.fix}`);
    expect(json.results.find((x: any) => x.service === "surge-pricing-hpa").ok).toBe(true);
  });

  it("passes the same pair when the HPA scales on cpu (the VPA resizes memory only), and the rider-api / surge-pricing seeds together", () => {
    expect(lint(`services:\n${block(surge)}\n${block(hpaOn("cpu"))}\n`).code).toBe(0);
    const r = lint(`services:\n${block(readFileSync(join(SEEDS, "rider-api.yaml"), "utf8"))}\n${block(surge)}\n`, "text");
    expect(r.code).toBe(0);
    expect(r.out).toBe("ok: rider-api on kubernetes\nok: surge-pricing on kubernetes\n");
  });
});
