/**
 * Platform models other than the HPA, each checked against the rule it documents
 * (../shared/PLATFORM-FACTS.md B2, B4, B5, B6), plus the CLI and the polyscale/testing helpers.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { EXIT } from "../../src/cli/errors";
import { runSimulateCommand } from "../../src/cli/simulate";
import { parsePolicy } from "../../src/policy/load";
import { containerAppsNextStep, parseTraceCsv, simulate, summarize, type Trace } from "../../src/simulate";
import { expectPerReplicaLoadBelow, expectReachesReplicas } from "../../src/testing/simulate";
import { RIDER_API } from "./fixtures";

const PROMETHEUS = { serverAddress: "http://prometheus.monitoring:9090" };
const queuePolicy = (kubernetes: Record<string, unknown> = {}) =>
  parsePolicy({
    service: "worker",
    scaling: {
      replicas: { min: 0, max: 20 },
      metrics: [{ queue: { jobsPerReplica: 5, activation: 0, from: { prometheus: { query: "sum(queue_jobs)" } } } }],
      kubernetes: { prometheus: PROMETHEUS, ...kubernetes },
    },
  });

describe("KEDA (B2)", () => {
  it("activates 0 -> 1 when the queue rises above activation, then the HPA scales on AverageValue", () => {
    const trace: Trace = [{ t: 0, queue: 0 }, { t: 60, queue: 50 }, { t: 600, queue: 50 }];
    const r = simulate(queuePolicy(), trace, { platform: "kubernetes" });
    const activated = r.decisions.find((d) => d.reason === "KEDAScaleTargetActivated")!;
    expect(activated.from).toBe(0);
    expect(activated.replicas).toBe(1);
    // default pollingInterval 30 s: activation happens on the first poll at or after t=60
    expect(activated.t).toBe(60);
    // 50 jobs / 5 per replica = 10 replicas at steady state
    expect(r.timeline[r.timeline.length - 1]!.desired).toBe(10);
  });

  it("deactivates to 0 only after cooldownPeriod without activity", () => {
    const trace: Trace = [{ t: 0, queue: 10 }, { t: 120, queue: 0 }, { t: 1200, queue: 0 }];
    const r = simulate(queuePolicy({ cooldownPeriod: "300s" }), trace, { platform: "kubernetes" });
    const off = r.decisions.find((d) => d.reason === "KEDAScaleTargetDeactivated")!;
    expect(off.replicas).toBe(0);
    // last active poll before 120 s is at 90 s; 300 s later the first poll is at 390 s
    expect(off.t).toBe(390);
  });

  it("fallback: once the failed reads exceed failureThreshold the fallback replicas apply (keda pkg/fallback/fallback.go)", () => {
    const policy = parsePolicy({
      service: "worker",
      scaling: {
        replicas: { min: 1, max: 20 },
        metrics: [{ prometheus: { query: "sum(q)", target: 5, metricName: "q" } }],
        missingMetrics: { replicas: 6, failureThreshold: 3 },
        kubernetes: { prometheus: PROMETHEUS },
      },
    });
    const trace: Trace = [{ t: 0, values: { q: 5 } }, { t: 60, values: { q: null } }, { t: 600, values: { q: null } }];
    const r = simulate(policy, trace, { platform: "kubernetes" });
    const fb = r.decisions.find((d) => d.message.includes("fallback"))!;
    // kedacore/keda@8b4f083 pkg/fallback/fallback.go GetMetricsWithFallback: `*healthStatus.NumberOfFailures >
    // FailureThreshold`, one failure per HPA metrics request: failures 1..4 at 60, 75, 90, 105 s, so the
    // fallback answers from the 4th. The HPA KEDA creates has no behavior (none compiled): scale-up is capped
    // at max(2 x 1, 4) = 4 per sync (horizontal.go calculateScaleUpLimit), then 6.
    expect(fb.t).toBe(105);
    expect(fb.replicas).toBe(4);
    expect(r.decisions.find((d) => d.t === 90)).toMatchObject({ reason: "FailedComputeMetricsReplicas", replicas: 1 });
    expect(r.timeline[r.timeline.length - 1]!.desired).toBe(6);
  });

  it("plain HPA holds when its only metric cannot be read (FailedComputeMetricsReplicas)", () => {
    const policy = parsePolicy({ service: "api", scaling: { replicas: { min: 2, max: 10 }, metrics: [{ pods: { name: "qps", averageValue: 10 } }] } });
    const trace: Trace = [{ t: 0, values: { qps: 20 } }, { t: 30, values: { qps: null } }, { t: 300, values: { qps: null } }];
    const r = simulate(policy, trace, { platform: "hpa", model: { pendingSeconds: 0, startupSeconds: 0 } });
    expect(r.decisions.some((d) => d.reason === "FailedComputeMetricsReplicas")).toBe(true);
    const afterFailure = r.timeline.filter((p) => p.t >= 60);
    expect(new Set(afterFailure.map((p) => p.desired)).size).toBe(1);
  });
});

describe("ECS target tracking (B4, approximation)", () => {
  const ecsPolicy = parsePolicy({
    service: "api",
    scaling: { replicas: { min: 2, max: 20 }, metrics: [{ cpu: { utilization: 50 } }], ecs: { cluster: "c", cooldown: { out: "60s", in: "300s" } } },
  });
  it("scales out after 3 consecutive one-minute datapoints above target, to ceil(current x metric / target)", () => {
    // 2 tasks, 1 core each; 2000 rps x 1 ms = 2 cores -> 100 % per task (target 50 %)
    const trace: Trace = [{ t: 0, rps: 2000 }, { t: 900, rps: 2000 }];
    const r = simulate(ecsPolicy, trace, { platform: "ecs" });
    const first = r.decisions[0]!;
    expect(first.reason).toBe("AlarmHighScaleOut");
    expect(first.t).toBe(180); // datapoints for minutes 1, 2, 3
    expect(first.replicas).toBe(4); // ceil(2 x 100 / 50)
    expect(r.approximation).toBe(true);
  });
  it("scales in only after 15 datapoints below 90 % of target", () => {
    const trace: Trace = [{ t: 0, rps: 400 }, { t: 1800, rps: 400 }];
    const r = simulate(ecsPolicy, trace, { platform: "ecs", initialReplicas: 8 });
    const first = r.decisions[0]!;
    expect(first.reason).toBe("AlarmLowScaleIn");
    expect(first.t).toBe(900);
    expect(first.replicas).toBe(2); // ceil(8 x 5 % / 50 %) = 1, held at min 2
  });
});

describe("Container Apps (B5, approximation)", () => {
  it("scale-up steps 1, 4, 8, 16, 32", () => {
    expect([0, 1, 4, 8, 16].map(containerAppsNextStep)).toEqual([1, 4, 8, 16, 32]);
  });
  it("http concurrency rule: desired = ceil(total / target), reached through the fixed steps; 300 s scale-down window", () => {
    const policy = parsePolicy({ service: "web", scaling: { replicas: { min: 0, max: 30 }, metrics: [{ inFlight: { perReplica: 10 } }] } });
    const trace: Trace = [{ t: 0, inFlight: 200, rps: 100 }, { t: 300, inFlight: 0, rps: 0 }, { t: 1200, inFlight: 0, rps: 0 }];
    const r = simulate(policy, trace, { platform: "container-apps" });
    expect(r.decisions.slice(0, 4).map((d) => d.replicas)).toEqual([4, 8, 16, 20]);
    const down = r.decisions.find((d) => d.reason === "ScaleDown")!;
    expect(down.t).toBeGreaterThanOrEqual(300 + 285);
  });
});

describe("Cloud Run (B6, approximation)", () => {
  it("keeps concurrency at 60 % of the compiled per-instance maximum", () => {
    const policy = parsePolicy({ service: "fn", scaling: { replicas: { min: 0, max: 100 }, metrics: [{ inFlight: { perReplica: 80 } }] } });
    const r = simulate(policy, [{ t: 0, inFlight: 480, rps: 100 }, { t: 600, inFlight: 480, rps: 100 }], { platform: "cloud-run", model: { cpuPerRequest: 0 } });
    // the compiler deploys maxInstanceRequestConcurrency = ceil(80 / 0.6) = 134, so Cloud Run aims at
    // 0.6 x 134 = 80.4 in flight per instance: ceil(480 / 80.4) = 6
    expect(r.timeline[r.timeline.length - 1]!.desired).toBe(6);
  });
});

describe("trace parsing", () => {
  it("reads CSV with named metric columns and empty cells as failed reads", () => {
    const t = parseTraceCsv("t,rps,qps\n0,100,5\n60,200,\n");
    expect(t).toEqual([{ t: 0, rps: 100, values: { qps: 5 } }, { t: 60, rps: 200, values: { qps: null } }]);
  });
  it("rejects samples out of order", () => {
    expect(() => parseTraceCsv("t,rps\n60,1\n0,2\n")).toThrow(/time order/);
  });
});

const riderApi = RIDER_API;

describe("polyscale/testing helpers", () => {
  const surge: Trace = [{ t: 0, rps: 1500 }, { t: 60, rps: 10000 }, { t: 1200, rps: 10000 }];
  it("expectReachesReplicas passes when the count is reached in time and fails with a clear message otherwise", () => {
    expect(() => expectReachesReplicas(riderApi, surge, { replicas: 20, within: "15m", platform: "kubernetes" })).not.toThrow();
    expect(() => expectReachesReplicas(riderApi, surge, { replicas: 20, within: "60s", platform: "kubernetes" })).toThrow(
      /expected rider-api on kubernetes to have 20 ready replicas within 60s, but it took \d+s/,
    );
    expect(() => expectReachesReplicas(riderApi, surge, { replicas: 45, within: "20m" })).toThrow(/never did \(peak \d+ ready\)/);
    expect(() => expectReachesReplicas(riderApi, surge, { replicas: 60, within: "20m" })).toThrow(/can never pass: replicas.max is 50/);
  });
  it("expectPerReplicaLoadBelow reports the worst reading", () => {
    expect(() => expectPerReplicaLoadBelow(riderApi, surge, { max: 600, platform: "kubernetes" })).toThrow(/requestRate per replica of rider-api on kubernetes to stay <= 600 rps, but it reached 3333.33 at \d+s/);
    expect(() => expectPerReplicaLoadBelow(riderApi, surge, { ratio: 1.1, after: "15m" })).not.toThrow();
  });
});

describe("polyscale simulate (CLI)", () => {
  afterEach(() => vi.restoreAllMocks());
  it("prints a summary, writes an SVG, and prints JSON with --json", async () => {
    const dir = mkdtempSync(join(tmpdir(), "polyscale-sim-"));
    const file = join(dir, "policy.yaml");
    writeFileSync(file, JSON.stringify(riderApi));
    const trace = join(dir, "trace.csv");
    writeFileSync(trace, "t,rps\n0,1500\n60,5000\n900,5000\n");
    const out: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => (out.push(String(s)), true));
    const svg = join(dir, "out.svg");
    expect(await runSimulateCommand({ file, platform: "kubernetes", trace, svg })).toBe(0);
    expect(out.join("")).toMatch(/service rider-api on kubernetes: Kubernetes HPA/);
    expect(out.join("")).toMatch(/requestRate: peak 1667 rps per replica/);
    expect(readFileSync(svg, "utf8")).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    out.length = 0;
    expect(await runSimulateCommand({ file, platform: "kubernetes", trace, json: true })).toBe(0);
    const json = JSON.parse(out.join("")) as { summary: ReturnType<typeof summarize>; decisions: unknown[] };
    expect(json.summary.peakReplicas).toBeGreaterThanOrEqual(10); // 5000 / 500; the 2m rate window can overshoot (the seed saw 24 pods for 20 needed)
    expect(json.decisions.length).toBeGreaterThan(0);
  });
  it("exits 2 (usage) for an unknown platform and 1 for a missing file, with a message", async () => {
    const err: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => (err.push(String(s)), true));
    expect(await runSimulateCommand({ file: "x.yaml", platform: "mars", trace: "t.csv" })).toBe(EXIT.usage);
    expect(await runSimulateCommand({ file: "/nonexistent/x.yaml", platform: "ecs", trace: "t.csv" })).toBe(1);
    expect(err.join("")).toMatch(/unknown platform "mars"[\s\S]*cannot read/);
  });
});
