/**
 * Regressions: a `schedule` metric before other metrics (slot vs policy index), platforms the policy
 * cannot compile to (refused like `polyscale render`), and traces missing a column a metric reads.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runSimulateCommand } from "../../src/cli/simulate";
import { PolicyError } from "../../src/policy/errors";
import { parsePolicy, parsePolicyFile } from "../../src/policy/load";
import { parseTrace, simMetrics, simulate, simulatePolicy, DEFAULT_MODEL, type SimPlatform, type Trace } from "../../src/simulate";
import { simulateReference } from "./reference-loop";
import { expectReachesReplicas } from "../../src/testing/simulate";
import { policyErrorOf } from "../helpers/policy-error";

const schedule = { schedule: { timezone: "Europe/Berlin", start: "0 8 * * 1-5", end: "0 18 * * 1-5", replicas: 5 } };
const withSchedule = (metrics: unknown[], extra: Record<string, unknown> = {}) =>
  parsePolicy({ service: "batch", scaling: { replicas: { min: 1, max: 10 }, metrics, ...extra } });
const surge: Trace = [{ t: 0, rps: 1500 }, { t: 120, rps: 2000 }, { t: 240, rps: 5000 }, { t: 900, rps: 5000 }, { t: 1500, rps: 800 }, { t: 2400, rps: 800 }];

describe("a schedule metric before replayed metrics", () => {
  it("simMetrics gives each replayed metric its slot (position among replayed metrics) and keeps the policy index", () => {
    const p = withSchedule([schedule, { cpu: { utilization: 80 } }, { memory: { utilization: 90 } }]);
    const { metrics, skipped } = simMetrics(p.scaling!.metrics, DEFAULT_MODEL);
    expect(metrics.map((m) => [m.label, m.index, m.slot])).toEqual([["cpu", 1, 0], ["memory", 2, 1]]);
    expect(skipped).toHaveLength(1);
  });

  // a schedule first, then metrics every platform below compiles (ECS: cpu only, it reads no Prometheus)
  const cases: Array<[SimPlatform, unknown[]]> = [
    ["kubernetes", [schedule, { cpu: { utilization: 80 } }, { requestRate: { perReplica: 500, from: { prometheus: { query: "sum(rate(http_requests_total[2m]))" } } } }]],
    ["keda", [schedule, { cpu: { utilization: 80 } }, { requestRate: { perReplica: 500, from: { prometheus: { query: "sum(rate(http_requests_total[2m]))" } } } }]],
    ["container-apps", [schedule, { cpu: { utilization: 80 } }, { requestRate: { perReplica: 500, from: { prometheus: { series: "http_requests_total" } } } }]],
    ["ecs", [schedule, { cpu: { utilization: 80 } }]],
  ];
  const deployable = { kubernetes: { prometheus: { serverAddress: "http://prometheus:9090" } }, ecs: { cluster: "c" } };
  for (const [platform, metrics] of cases) {
    it(`does not crash on ${platform}, equals the reference loop, and replays like the policy without the schedule`, () => {
      const p = withSchedule(metrics, deployable);
      const without = withSchedule(metrics.slice(1), deployable);
      for (const step of [15, 5]) {
        const r = simulate(p, surge, { platform, step });
        expect(r).toStrictEqual(simulateReference(p, surge, { platform, step }));
        expect(r.warnings.some((w) => /scaling\.metrics\[0\] schedule: not replayed/.test(w))).toBe(true);
        expect(r.metrics.map((m) => m.label)).toEqual(metrics.slice(1).map((m) => Object.keys(m as object)[0]));
        const w = simulate(without, surge, { platform, step });
        expect(r.timeline).toStrictEqual(w.timeline);
        expect(r.decisions).toStrictEqual(w.decisions);
      }
    });
  }
  it("the plain HPA and Cloud Run refuse a schedule metric, so there is nothing to replay (simulate throws the compiler's PolicyError)", () => {
    const p = withSchedule([schedule, { cpu: { utilization: 80 } }]);
    for (const platform of ["hpa", "cloud-run"] as SimPlatform[]) expect(() => simulate(p, surge, { platform })).toThrow(PolicyError);
  });

  it("the CLI simulates it (exit 0) with the schedule warning", async () => {
    const dir = mkdtempSync(join(tmpdir(), "polyscale-sim-"));
    const file = join(dir, "policy.json");
    writeFileSync(file, JSON.stringify({ service: "batch", scaling: { replicas: { min: 1, max: 10 }, metrics: [schedule, { cpu: { utilization: 80 } }] } }));
    const trace = join(dir, "trace.csv");
    writeFileSync(trace, "t,rps\n0,1500\n120,2000\n240,5000\n900,5000\n");
    const out: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => (out.push(String(s)), true));
    expect(await runSimulateCommand({ file, platform: "kubernetes", trace })).toBe(0);
    vi.restoreAllMocks();
    expect(out.join("")).toMatch(/cpu: peak \d+ % per replica/);
    expect(out.join("")).toMatch(/scaling\.metrics\[0\] schedule: not replayed/);
  });
});

describe("platforms the policy cannot compile to are refused", () => {
  afterEach(() => vi.restoreAllMocks());
  const queue = parsePolicy({
    service: "worker",
    scaling: { replicas: { min: 0, max: 20 }, metrics: [{ queue: { jobsPerReplica: 5, from: { prometheus: { query: "sum(q)" } } } }], kubernetes: { prometheus: { serverAddress: "http://prom:9090" } } },
  });
  const queueTrace: Trace = [{ t: 0, queue: 10, rps: 100 }, { t: 600, queue: 80, rps: 100 }];

  it("simulatePolicy throws the compiler's PolicyError (path + message), as render does", () => {
    const e = policyErrorOf(() => simulatePolicy(queue, queueTrace, { platform: "cloud-run" }));
    expect(e.message).toMatch(/cannot be compiled for cloud-run/);
    expect(e.issues[0]!.path).toEqual(["scaling", "metrics", 0, "queue"]);
    expect(e.issues[0]!.message).toMatch(/not supported on cloud-run/);
  });

  it("hpa and keda compile with that engine", () => {
    expect(policyErrorOf(() => simulatePolicy(queue, queueTrace, { platform: "hpa" })).issues.some((i) => i.path.join(".") === "scaling.metrics.0.queue" || i.path.join(".") === "scaling.replicas.min")).toBe(true);
    const rps = parsePolicy({
      service: "api",
      scaling: { replicas: { min: 1, max: 10 }, metrics: [{ requestRate: { perReplica: 500, from: { prometheus: { series: "http_requests_total" } } } }] },
    });
    expect(() => simulatePolicy(rps, surge, { platform: "hpa" })).not.toThrow();
    expect(policyErrorOf(() => simulatePolicy(rps, surge, { platform: "keda" })).issues[0]!.path).toEqual(["scaling", "metrics", 0, "requestRate"]);
  });

  it("policies that compile still simulate (kubernetes queue via KEDA)", () => {
    expect(simulatePolicy(queue, queueTrace, { platform: "kubernetes" }).timeline.length).toBeGreaterThan(0);
  });

  it("polyscale/testing refuses too", () => {
    expect(() => expectReachesReplicas(queue, queueTrace, { replicas: 2, within: "10m", platform: "cloud-run" })).toThrow(PolicyError);
  });

  it("the CLI exits 1 with the issues and no stack trace", async () => {
    const dir = mkdtempSync(join(tmpdir(), "polyscale-sim-"));
    const file = join(dir, "policy.json");
    writeFileSync(file, JSON.stringify({ service: "worker", scaling: { replicas: { min: 0, max: 20 }, metrics: [{ queue: { jobsPerReplica: 5, from: { prometheus: { query: "sum(q)" } } } }] } }));
    const trace = join(dir, "trace.csv");
    writeFileSync(trace, "t,rps,queue\n0,100,10\n600,100,80\n");
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => (out.push(String(s)), true));
    vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => (err.push(String(s)), true));
    expect(await runSimulateCommand({ file, platform: "cloud-run", trace })).toBe(1);
    expect(out.join("")).toBe("");
    expect(err.join("")).toMatch(/cannot be compiled for cloud-run:\n - scaling\.metrics\[0\]\.queue: metric `queue` is not supported on cloud-run/);
    expect(err.join("")).not.toMatch(/\n\s+at /);
  });
});

describe("a trace without the column a metric reads", () => {
  afterEach(() => vi.restoreAllMocks());
  const rpsOnly: Trace = [{ t: 0, rps: 1500 }, { t: 600, rps: 5000 }];
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ["queue", { queue: { jobsPerReplica: 2.5, from: { prometheus: { query: "sum(jobs)" } } } }, "`queue`"],
    ["replicasRequired", { replicasRequired: { buffer: 0.3, from: { prometheus: { query: "max(workers_required)" } } } }, "`replicasRequired`"],
    ["prometheus", { prometheus: { query: "sum(rate(x_total[5m]))", target: 0.5, targetType: "Value", serverAddress: "http://p:9090" } }, "`prometheus`"],
    ["external", { external: { name: "lag", value: 100 } }, "`lag`"],
  ];
  for (const [kind, metric, column] of cases) {
    it(`${kind}: an error naming the metric path, the missing column and the trace's columns (simulate and the reference loop)`, () => {
      const p = parsePolicy({ service: "svc", scaling: { replicas: { min: 1, max: 50 }, metrics: [{ cpu: { utilization: 70 } }, metric] } });
      for (const run of [simulate, simulateReference]) {
        const e = policyErrorOf(() => run(p, rpsOnly, { platform: "kubernetes" }));
        expect(e.issues).toHaveLength(1);
        expect(e.issues[0]!.path).toEqual(["scaling", "metrics", 1, kind]);
        expect(e.message).toContain(`scaling.metrics[1].${kind}: metric \`${kind}\` reads the trace column ${column}`);
        expect(e.message).toContain("(it has `t`, `rps`)");
      }
    });
  }

  it("a column that is present but failed (null / empty) is not missing", () => {
    const p = parsePolicy({ service: "svc", scaling: { replicas: { min: 1, max: 50 }, metrics: [{ external: { name: "lag", value: 100 } }] } });
    expect(() => simulate(p, [{ t: 0, rps: 1, values: { lag: null } }, { t: 60, rps: 1, values: { lag: 300 } }], { platform: "hpa" })).not.toThrow();
  });

  it("the CLI exits 1 naming the metric and the columns", async () => {
    const dir = mkdtempSync(join(tmpdir(), "polyscale-sim-"));
    const file = join(dir, "policy.json");
    writeFileSync(file, JSON.stringify({ service: "worker", scaling: { replicas: { min: 0, max: 100 }, metrics: [{ queue: { jobsPerReplica: 2.5, from: { prometheus: { query: "sum(q)" } } } }], kubernetes: { prometheus: { serverAddress: "http://prom:9090" } } } }));
    const trace = join(dir, "trace.csv");
    writeFileSync(trace, "t,rps\n0,1500\n240,5000\n");
    const err: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => (err.push(String(s)), true));
    expect(await runSimulateCommand({ file, platform: "kubernetes", trace })).toBe(1);
    expect(err.join("")).toMatch(/scaling\.metrics\[0\]\.queue: metric `queue` reads the trace column `queue`, which the trace does not have \(it has `t`, `rps`\)/);
    expect(err.join("")).not.toMatch(/NaN/);
  });
});

describe("the README's testing snippet (examples/seeds/rider-api.yaml, examples/traces/rider-api-friday-surge.csv)", () => {
  it("holds with the replicas / within pair the simulation gives", () => {
    const policy = parsePolicyFile(readFileSync("examples/seeds/rider-api.yaml", "utf8"), "rider-api.yaml")[0]!;
    const { trace } = parseTrace(readFileSync("examples/traces/rider-api-friday-surge.csv", "utf8"));
    // 5,000 rps from t=240s: 10 replicas ready at t=330s, 90 s after the surge; 10,000 rps from t=900s: 20 ready at t=1005s
    expect(() => expectReachesReplicas(policy, trace, { replicas: 10, within: "330s", platform: "kubernetes" })).not.toThrow();
    expect(() => expectReachesReplicas(policy, trace, { replicas: 10, from: "240s", within: "90s", platform: "kubernetes" })).not.toThrow();
    expect(() => expectReachesReplicas(policy, trace, { replicas: 20, from: "900s", within: "105s", platform: "kubernetes" })).not.toThrow();
    expect(() => expectReachesReplicas(policy, trace, { replicas: 10, within: "315s", platform: "kubernetes" })).toThrow(/it took 330s/);
  });
});
