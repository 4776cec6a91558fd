/**
 * The simulator replays what the compiler emits. For each platform, every leaf of the compiled output is
 * changed in turn: the settings the simulator reads (`deployed*From`) must change exactly when the leaf is
 * one of the fields listed here (docs/simulate.md "What the simulator reads"), so a compiled field the
 * simulator ignores, or one it reads without this list saying so, fails the test.
 */
import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../src/policy/load";
import {
  cronMatchesAt,
  unixCronOfAws,
  deployedCloudRunFrom,
  deployedContainerAppsFrom,
  deployedEcsFrom,
  deployedKubernetesFrom,
} from "../../src/simulate";
import { compileCloudRun } from "../../src/targets/cloud-run/compile";
import { compileContainerApps } from "../../src/targets/container-apps/compile";
import { compileEcs } from "../../src/targets/ecs/compile";
import { awsCron } from "../../src/targets/ecs/cron";
import { compileKubernetes } from "../../src/targets/kubernetes/compile";
import { RIDER_API } from "./fixtures";

type Path = Array<string | number>;

function leaves(value: unknown, path: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [path];
}

/** A deep copy with the leaf at `path` changed (number + 1, string + "x", boolean negated). */
function perturb<T>(doc: T, path: Path): T {
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  const v = o[last];
  o[last] = typeof v === "number" ? v + 1 : typeof v === "string" ? `${v}x` : typeof v === "boolean" ? !v : v;
  return copy as T;
}

const key = (p: Path) => p.map((s) => (typeof s === "number" ? "[]" : s)).join(".");

/** Run `read` on the original and on each perturbed copy; return the leaves whose change the reader saw. */
function readLeaves<T>(doc: T, read: (d: T) => unknown): Set<string> {
  const base = JSON.stringify(read(doc));
  const seen = new Set<string>();
  for (const p of leaves(doc)) {
    let after: string;
    try {
      after = JSON.stringify(read(perturb(doc, p)));
    } catch {
      after = "threw";
    }
    if (after !== base) seen.add(key(p));
  }
  return seen;
}

const PROM = { serverAddress: "http://prometheus.monitoring:9090" };
const SCHEDULE = { timezone: "Europe/Berlin", start: "0 8 * * 1-5", end: "0 18 * * 1-5", replicas: 5 };

describe("every compiled field the simulator reads, and only those", () => {
  it("Kubernetes HPA: spec.minReplicas, maxReplicas and the whole behavior", () => {
    const out = compileKubernetes(parsePolicy(RIDER_API));
    const hpaIndex = out.manifests.findIndex((m) => m.kind === "HorizontalPodAutoscaler");
    const read = readLeaves(out.manifests, (manifests) => deployedKubernetesFrom({ engine: out.engine, manifests }));
    const behavior = ["scaleUp", "scaleDown"].flatMap((d) => ["stabilizationWindowSeconds", "selectPolicy", "policies.[].type", "policies.[].value", "policies.[].periodSeconds"].map((f) => `[].spec.behavior.${d}.${f}`));
    // `kind` finds the HorizontalPodAutoscaler among the manifests
    expect([...read].sort()).toEqual(["[].kind", "[].spec.minReplicas", "[].spec.maxReplicas", ...behavior].sort());
    expect(hpaIndex).toBeGreaterThanOrEqual(0);
  });

  it("KEDA ScaledObject: replica counts, polling, cooldowns, fallback, the HPA behavior, trigger metric types, cron triggers", () => {
    const policy = parsePolicy({
      service: "worker",
      scaling: {
        replicas: { min: 1, max: 20 },
        metrics: [{ queue: { jobsPerReplica: 5, from: { prometheus: { query: "sum(queue_jobs)" } } } }, { cpu: { utilization: 70 } }, { schedule: SCHEDULE }],
        missingMetrics: { replicas: 6, failureThreshold: 3 },
        scaleDown: { stabilization: "120s", policies: [{ replicas: 2, per: "60s" }], select: "max" },
        kubernetes: { engine: "keda", pollingInterval: "15s", cooldownPeriod: "120s", initialCooldownPeriod: "60s", prometheus: PROM },
      },
    });
    const out = compileKubernetes(policy);
    expect(out.engine).toBe("keda");
    const read = readLeaves(out.manifests, (manifests) => deployedKubernetesFrom({ engine: out.engine, manifests }));
    const behavior = ["scaleUp", "scaleDown"].flatMap((d) =>
      ["stabilizationWindowSeconds", "selectPolicy", "policies.[].type", "policies.[].value", "policies.[].periodSeconds"].map((f) => `[].spec.advanced.horizontalPodAutoscalerConfig.behavior.${d}.${f}`),
    );
    const triggerFields = [...read].filter((k) => k.startsWith("[].spec.triggers"));
    const cron = ["timezone", "start", "end", "desiredReplicas"].map((f) => `[].spec.triggers.[].metadata.${f}`);
    expect(triggerFields).toEqual(expect.arrayContaining(["[].spec.triggers.[].metricType", ...cron]));
    expect(triggerFields.every((k) => k === "[].spec.triggers.[].metricType" || k === "[].spec.triggers.[].type" || cron.includes(k))).toBe(true);
    expect([...read].filter((k) => !k.startsWith("[].spec.triggers")).sort()).toEqual(
      ["minReplicaCount", "maxReplicaCount", "pollingInterval", "cooldownPeriod", "initialCooldownPeriod", "fallback.failureThreshold", "fallback.replicas"].map((f) => `[].spec.${f}`).concat(behavior, ["[].kind"]).sort(),
    );
  });

  it("ECS: target capacities, each policy's metric, target, cooldowns and scale-in, each scheduled action's schedule, zone and min capacity", () => {
    const policy = parsePolicy({
      service: "api",
      scaling: {
        replicas: { min: 2, max: 20 },
        metrics: [
          { cpu: { utilization: 50 } },
          { requestRate: { perReplica: 100, from: { alb: { resourceLabel: "app/lb/0123456789abcdef/targetgroup/tg/0123456789abcdef" } } } },
          { schedule: { timezone: "UTC", start: "0 8 * * 1-5", end: "0 18 * * 1-5", replicas: 6 } },
        ],
        scaleUp: { stabilization: "60s" },
        scaleDown: { stabilization: "300s", select: "disabled" },
        ecs: { cluster: "c" },
      },
    });
    const out = compileEcs(policy);
    const doc = { target: out.target, policies: out.policies, scheduledActions: out.scheduledActions };
    const read = readLeaves(doc, (d) => deployedEcsFrom(d, policy.scaling!.metrics));
    const tt = "policies.[].args.targetTrackingScalingPolicyConfiguration";
    expect([...read].sort()).toEqual(
      [
        "target.args.minCapacity",
        "target.args.maxCapacity",
        "policies.[].metricIndex",
        `${tt}.targetValue`,
        `${tt}.scaleOutCooldown`,
        `${tt}.scaleInCooldown`,
        `${tt}.disableScaleIn`,
        `${tt}.predefinedMetricSpecification.predefinedMetricType`,
        "scheduledActions.[].origin.kind",
        "scheduledActions.[].origin.metricIndex",
        "scheduledActions.[].origin.edge",
        "scheduledActions.[].args.schedule",
        "scheduledActions.[].args.timezone",
        "scheduledActions.[].args.scalableTargetAction.minCapacity",
      ].sort(),
    );
  });

  it("Container Apps: replica bounds, polling interval, cooldown, cron rules (and whether rules are http rules)", () => {
    const policy = parsePolicy({
      service: "api",
      scaling: {
        replicas: { min: 0, max: 30 },
        metrics: [{ queue: { jobsPerReplica: 5, from: { prometheus: { query: "sum(q)", serverAddress: PROM.serverAddress } } } }, { schedule: SCHEDULE }],
        containerApps: { pollingInterval: "15s", cooldownPeriod: "120s" },
      },
    });
    const out = compileContainerApps(policy);
    const read = readLeaves({ scale: out.scale }, deployedContainerAppsFrom);
    const cron = ["timezone", "start", "end", "desiredReplicas"].map((f) => `scale.rules.[].custom.metadata.${f}`);
    expect([...read].sort()).toEqual(["scale.minReplicas", "scale.maxReplicas", "scale.pollingInterval", "scale.cooldownPeriod", "scale.rules.[].custom.type", ...cron].sort());
  });

  it("Cloud Run: the revision's instance bounds, request concurrency and CPU limit", () => {
    const policy = parsePolicy({ service: "fn", scaling: { replicas: { min: 0, max: 100 }, metrics: [{ inFlight: { perReplica: 80 } }] } });
    const out = compileCloudRun(policy);
    const read = readLeaves({ args: out.args }, deployedCloudRunFrom);
    expect([...read].sort()).toEqual(
      ["args.template.scaling.minInstanceCount", "args.template.scaling.maxInstanceCount", "args.template.maxInstanceRequestConcurrency", "args.template.containers.[].resources.limits.cpu"].sort(),
    );
  });
});

describe("ECS scheduled actions back to the 5-field cron the simulator matches", () => {
  it("inverts the compiler's cron(...) (awsCron): ? is *, day-of-week 1-7 (Sunday 1) is 0-6", () => {
    for (const unix of ["0 8 * * 1-5", "30 17 * * MON-FRI", "0 0 1 * *", "15 6 * * 0,6", "0 22 * 1-3 5-7"]) {
      const aws = awsCron(unix);
      if (!aws.ok) throw new Error(aws.message);
      const back = unixCronOfAws(aws.expression);
      // same days: compare matches over two weeks of days at the expression's minute
      for (let d = 0; d < 14; d++) {
        const minute = unix.split(" ")[0]!.padStart(2, "0");
        const hour = unix.split(" ")[1]!.padStart(2, "0");
        const at = Date.UTC(2026, 0, 1 + d) + Number(hour) * 3600_000 + Number(minute) * 60_000;
        expect(cronMatchesAt(back, "UTC", at)).toBe(cronMatchesAt(unix, "UTC", at));
      }
    }
    expect(() => unixCronOfAws("rate(5 minutes)")).toThrow(/expected cron\(Minutes Hours Day-of-month Month Day-of-week \*\)/);
  });
});
