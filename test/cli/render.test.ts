import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { main } from "../../src/cli/main";

const ROOT = join(__dirname, "..", "..");
const BIN = join(ROOT, "bin", "polyscale.js");

async function run(argv: string[]) {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe("polyscale render", () => {
  it("prints multi-document YAML that kubectl apply -f - accepts (one manifest per document)", async () => {
    const r = await run(["render", join(ROOT, "examples/seeds/membrane-kubernetes-keda.yaml"), "--platform", "kubernetes"]);
    expect(r.code).toBe(0);
    const docs = parseAllDocuments(r.out).map((d) => d.toJS());
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      "ScaledObject/instant-tasks-worker-scaler",
      "ScaledObject/queued-tasks-worker-scaler",
      "ScaledObject/custom-code-runner-scaler",
    ]);
    for (const d of docs) expect(d.apiVersion).toBe("keda.sh/v1alpha1");
  });

  it("--format json prints a JSON list; --service picks one service", async () => {
    const r = await run(["render", join(ROOT, "examples/seeds/membrane-kubernetes-hpa.yaml"), "-p", "kubernetes", "-f", "json", "-s", "api"]);
    expect(r.code).toBe(0);
    const docs = JSON.parse(r.out);
    expect(docs).toHaveLength(1);
    expect(docs[0].metadata.name).toBe("api-hpa");
  });

  it("--adapter-values prints prometheus-adapter Helm values", async () => {
    const r = await run(["render", join(ROOT, "examples/seeds/rider-api.yaml"), "-p", "kubernetes", "--adapter-values"]);
    expect(r.code).toBe(0);
    const values = parseAllDocuments(r.out)[0]!.toJS();
    expect(values.rules.custom[0].seriesQuery).toBe('http_server_requests_seconds_count{namespace!="",pod!=""}');
    expect(values.rules.custom[0].name).toEqual({ matches: "^(.*)_seconds_count$", as: "${1}_per_second" });
  });

  it("invalid input: exit 1, the error with its field path, no stack trace", () => {
    const dir = mkdtempSync(join(tmpdir(), "polyscale-cli-"));
    const file = join(dir, "bad.yaml");
    writeFileSync(file, "service: shop\nscaling:\n  replicas: { min: 5, max: 2 }\n  metrics: [{ cpu: { utilization: 50 } }]\n");
    const r = spawnSync(process.execPath, [BIN, "render", file, "--platform", "kubernetes"], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("scaling.replicas.max: must be >= replicas.min (5), got 2");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("unknown platform: exit 2 (usage); missing file: exit 1 (input)", async () => {
    const a = await run(["render", join(ROOT, "examples/seeds/rider-api.yaml"), "-p", "openshift"]);
    expect(a.code).toBe(2);
    expect(a.err).toContain('--platform must be one of kubernetes (k8s), ecs (aws), container-apps (azure), cloud-run (gcp); got "openshift"');
    const b = await run(["render", "/nonexistent/policy.yaml", "-p", "kubernetes"]);
    expect(b.code).toBe(1);
    expect(b.err).toContain("cannot read /nonexistent/policy.yaml: no such file");
  });

  it("the bin runs from a working copy (tsx) and prints the seed's HPA", () => {
    const out = execFileSync(process.execPath, [BIN, "render", join(ROOT, "examples/seeds/rider-api.yaml"), "-p", "kubernetes"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    expect(out).toContain("name: http_server_requests_per_second");
  });
});

describe("polyscale lint", () => {
  it("reports what a platform cannot express, exit 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "polyscale-lint-"));
    const file = join(dir, "p.yaml");
    writeFileSync(file, "service: shop\nscaling:\n  replicas: { min: 0, max: 4 }\n  metrics: [{ cpu: { utilization: 50 } }]\n  kubernetes: { engine: hpa }\n");
    const r = await run(["lint", file, "-p", "kubernetes"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("scaling.replicas.min: 0 is not allowed on a plain HPA");
  });
});

describe("polyscale plan FILE", () => {
  it("plans each service of a policy file as a ScaledService on the platform, offline", () => {
    const r = spawnSync(process.execPath, [BIN, "plan", join(ROOT, "examples/seeds/membrane-kubernetes-hpa.yaml"), "-p", "kubernetes", "--json"], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const rs = JSON.parse(r.stdout) as { type: string; inputs: any }[];
    const hpas = rs.filter((x) => x.type === "kubernetes:autoscaling/v2:HorizontalPodAutoscaler").map((x) => x.inputs.metadata.name).sort();
    expect(hpas).toEqual(["api-hpa", "instant-tasks-worker-hpa"]);
    expect(rs.filter((x) => x.type === "kubernetes:apps/v1:Deployment").every((d) => d.inputs.spec.replicas === undefined)).toBe(true);
  });

  it("needs --platform with a file", async () => {
    const r = await run(["plan", join(ROOT, "examples/seeds/rider-api.yaml")]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("plan FILE needs --platform");
  });
});
