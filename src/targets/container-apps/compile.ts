/**
 * ScalingPolicy → the `template.scale` block of an Azure Container App, shaped exactly like
 * `@pulumi/azure-native` `app.ContainerApp` args (`inputs.app.ScaleArgs`; ARM `Scale` of
 * Microsoft.App 2026-01-01 CommonDefinitions.json). Pure: no Pulumi resource, no I/O.
 *
 * How Container Apps decides (PLATFORM-FACTS B5, https://learn.microsoft.com/azure/container-apps/scale-app):
 *
 * - Each rule is a KEDA trigger run by the platform; `desiredReplicas = ceil(metric / target)` per rule and the
 *   largest wins ("scaling starts when the first condition of any rule is met").
 * - The scale behavior is **fixed**: scale-up window 0 s with steps 1, 4, 8, 16, 32 ...; scale-down window 300 s,
 *   100 % at once. A policy's `scaleUp` / `scaleDown` rate limits and windows cannot be honoured. They are an
 *   **error** by default, because a policy that says "at most 4 replicas per minute" and silently gets
 *   "up to 32 at once" is exactly the surprise polyscale exists to prevent (DESIGN: "a platform that cannot honour a
 *   knob is an error naming both"). `scaling.containerApps.unsupportedBehavior: warn` is the explicit opt-out
 *   for policies shared across platforms: it compiles and reports each ignored setting as a warning. Settings
 *   equal to the fixed behavior (scale-up window 0 s, scale-down window 300 s) are accepted.
 *   `cooldownPeriod` is **not** a scale-down stabilization window: it only delays the drop to 0 after the last
 *   event, so `scaleDown.stabilization` is never mapped onto it.
 * - `http` rules: the platform counts the requests of the last 15 s and divides by 15 every 15 s, and compares
 *   that with `concurrentRequests` per replica. So the platform's "concurrency" is really **requests per second
 *   per replica**: `requestRate.perReplica` maps 1:1. `inFlight.perReplica` also maps to `concurrentRequests`
 *   (the Membrane seed's `--scale-rule-http-concurrency 100`), with an info diagnostic: the two are equal only when
 *   requests take about one second (Little's law).
 * - `cpu` / `memory` rules (KEDA cpu/memory scalers) cannot scale to 0; metadata `type: Utilization` + `value`
 *   (users report `AverageValue` not working: microsoft/azure-container-apps#647), so only `utilization` compiles.
 * - `custom` rules carry KEDA scaler metadata as a string → string map, with credentials only through Container
 *   App secrets (`auth[] { secretRef, triggerParameter }`) or a managed identity (`identity`): never inline.
 *
 * Azure Monitor (KEDA `azure-monitor` scaler, keda/pkg/scalers/azure_monitor_scaler.go): the seed's
 * `az containerapp update --scale-rule-metadata metricName=… metricResourceId=… targetValue=…` abbreviates the
 * resource. KEDA's real keys are
 *   `resourceURI` (`<namespace>/<type>/<name>`, exactly three segments), `subscriptionId`, `resourceGroupName`
 *   (KEDA rebuilds `/subscriptions/%s/resourceGroups/%s/providers/%s/%s/%s` from these three),
 *   `tenantId`, `metricName`, `metricAggregationType` (all required by the scaler),
 *   `targetValue` (per replica: KEDA's default metric type AverageValue), `activationTargetValue`,
 *   optional `metricNamespace`, `metricFilter`, `metricAggregationInterval` (`h:m:s`), `cloud`,
 *   `azureResourceManagerEndpoint`; credentials `activeDirectoryClientId` / `activeDirectoryClientPassword`
 *   (trigger parameters) or a managed identity.
 * So `metricResourceId` = the policy's `from.azureMonitor.resourceId` (an ARM id) is split into
 * `subscriptionId` + `resourceGroupName` + `resourceURI`.
 */
import type { PathSegment, PolicyIssue } from "../../policy/errors";
import type { Metric, MetricKind, MetricOf } from "../../types";
import type { ScalingPolicy } from "../../types";
import {
  CONTAINER_APPS_FIXED_BEHAVIOR,
  CONTAINER_APPS_MAX_REPLICAS_LIMIT,
  type ContainerAppsRuleOptions,
  type ScaleRuleAuthRef,
} from "../../policy/platforms/container-apps";
import { azureMonitorResource, isGuid } from "../../policy/sources/azure-monitor";
import type { AzureMonitorSource } from "../../types";
import type { PrometheusSource } from "../../types";
import { numberString } from "../../policy/units";
import { throwIfIssues, unsupportedMetric, type Capabilities, type Diagnostic } from "../types";
import { INT32_MAX, checkInt32, urlHasCredentials, withoutNegativeZero } from "../output-values";
import { kedaCron } from "../keda-cron";
import { asInstantVector } from "../promql-shape";

/** Rule metadata is stored in plain text; credentials go through Container App secrets (`auth`). */
const CREDENTIALS_IN_URL =
  "must not carry credentials (a user name, password or token in the URL would be stored in plain text in the rule metadata); give the URL without them and fill the credentials from Container App secrets (scaling.containerApps.rules[].auth)";

export const CONTAINER_APP_TYPE = "azure-native:app:ContainerApp";
const PLATFORM = "container-apps" as const;

// ---- provider-shaped args (the subset of @pulumi/azure-native app inputs polyscale emits) ----

export interface ScaleRuleAuth {
  secretRef: string;
  triggerParameter: string;
}

export interface HttpScaleRule {
  metadata: Record<string, string>;
}

export interface CustomScaleRule {
  type: string;
  metadata: Record<string, string>;
  auth?: ScaleRuleAuth[];
  identity?: string;
}

export interface ScaleRule {
  name: string;
  http?: HttpScaleRule;
  custom?: CustomScaleRule;
}

/** `template.scale` (ARM `Scale`). */
export interface ContainerAppScale {
  minReplicas: number;
  maxReplicas: number;
  cooldownPeriod?: number;
  pollingInterval?: number;
  rules: ScaleRule[];
}

export interface ContainerAppsScaling {
  scale: ContainerAppScale;
  /** Container App secret names the rules reference (`configuration.secrets` must define them). */
  secretRefs: string[];
  /** True when a rule is `http`: the app needs ingress. */
  needsIngress: boolean;
  warnings: Diagnostic[];
}

/** KEDA trigger parameters a secret may fill, per scaler (KEDA scaler docs, "Authentication Parameters"). */
export const TRIGGER_PARAMETERS: Record<string, readonly string[]> = {
  "azure-monitor": ["activeDirectoryClientId", "activeDirectoryClientPassword"],
  prometheus: ["bearerToken", "username", "password", "ca", "cert", "key", "customAuthHeader", "customAuthValue"],
};

const SLUG: Record<MetricKind, string> = {
  cpu: "cpu",
  memory: "memory",
  requestRate: "http",
  inFlight: "http",
  queue: "queue",
  replicasRequired: "replicas-required",
  prometheus: "prometheus",
  pods: "pods",
  external: "external",
  object: "object",
  workloadRatio: "workload-ratio",
  schedule: "cron",
};

const AZURE_SOURCE = "an `azureMonitor` source (KEDA azure-monitor rule), or a `prometheus` source with `query` and `serverAddress` (KEDA prometheus rule)";

export const capabilities: Capabilities = {
  cpu: { supported: true, via: "custom rule type cpu, metadata type Utilization (`utilization` only; cannot scale to 0)" },
  memory: { supported: true, via: "custom rule type memory, metadata type Utilization (`utilization` only; cannot scale to 0)" },
  requestRate: { supported: true, via: "http rule, concurrentRequests = requests per second per replica (the platform counts requests over 15 s ÷ 15)" },
  inFlight: { supported: true, via: "http rule, concurrentRequests (the platform measures requests over 15 s ÷ 15, not true in-flight requests)" },
  queue: { supported: true, via: "custom rule azure-monitor (`azureMonitor` source) or prometheus (`prometheus` source with `query`)" },
  replicasRequired: { supported: true, via: "custom rule azure-monitor or prometheus with target 1 / (1 + buffer)" },
  prometheus: { supported: true, via: "custom rule type prometheus (serverAddress, query, threshold; AverageValue only)" },
  pods: { supported: false, alternative: "a Kubernetes custom metric; publish it to Azure Monitor and use a `queue` metric with an `azureMonitor` source, or a `prometheus` metric with a reachable serverAddress" },
  external: { supported: false, alternative: "a Kubernetes external metric; use the KEDA scaler it comes from as a `queue` metric with an `azureMonitor` source, or a `prometheus` metric" },
  object: { supported: false, alternative: "a Kubernetes object metric; publish it to Azure Monitor and use a `queue` metric with an `azureMonitor` source" },
  workloadRatio: { supported: false, alternative: "scale this app on the followed app's own metric (the same `azureMonitor` or http rule, with the target multiplied by `podsPerReplica`); KEDA kubernetes-workload needs a Kubernetes cluster" },
  schedule: { supported: true, via: "custom rule type cron (timezone, start, end, desiredReplicas)" },
};

interface Ctx {
  policy: ScalingPolicy;
  issues: PolicyIssue[];
  warnings: Diagnostic[];
  secretRefs: Set<string>;
}

interface RuleBody {
  http?: HttpScaleRule;
  custom?: CustomScaleRule;
  /** KEDA scaler type the rule's auth is checked against (undefined: the rule takes no credentials). */
  scaler?: string;
}

function mpath(i: number, kind: string, ...rest: PathSegment[]): PathSegment[] {
  return ["scaling", "metrics", i, kind, ...rest];
}

/**
 * Compile a policy to a Container App's `template.scale`. Throws a PolicyError listing every problem.
 */
export function compileContainerApps(policy: ScalingPolicy): ContainerAppsScaling {
  const issues: PolicyIssue[] = [];
  const warnings: Diagnostic[] = [];
  const scaling = policy.scaling;
  if (!scaling) {
    throwIfIssues(
      [{ code: "missing_scaling", path: ["scaling"], message: "is required on container-apps (Container Apps has no vertical autoscaler; set the container's cpu/memory and add `scaling`)" }],
      PLATFORM,
      policy.service,
    );
    throw new Error("unreachable");
  }
  const ctx: Ctx = { policy, issues, warnings, secretRefs: new Set() };
  const opts = scaling.containerApps;
  const warn = (code: string, path: PathSegment[], message: string, severity: Diagnostic["severity"] = "warning") => warnings.push({ severity, code, path, message });

  if (policy.vertical) warn("container_apps_no_vertical", ["vertical"], "ignored on container-apps: vertical scaling is not supported (set the container's cpu/memory in the Container App instead)");
  if (policy.monitoring) warn("monitoring_not_applicable", ["monitoring"], "is Kubernetes scrape configuration (ServiceMonitor); Container Apps does not use it", "info");

  if (scaling.mode === "external") {
    issues.push({
      code: "unsupported",
      path: ["scaling", "mode"],
      message: "`external` is not supported on container-apps (the platform always owns the replica count of a Container App; nothing else may set it); nearest alternative: mode: fixed, or mode: autoscale with rules",
    });
  }

  // ---- replica bounds ----
  const { min, max } = scaling.replicas;
  const limit = opts?.maxReplicasLimit ?? CONTAINER_APPS_MAX_REPLICAS_LIMIT;
  if (max > limit) {
    issues.push({
      code: "too_big",
      path: ["scaling", "replicas", "max"],
      message: `must be at most ${limit} on container-apps (the environment's replica cap; set scaling.containerApps.maxReplicasLimit if your environment allows more), got ${max}`,
    });
  }

  // ---- behavior the platform fixes ----
  const severity = opts?.unsupportedBehavior ?? "error";
  const behavior = (path: PathSegment[], what: string) => {
    const text = `${what}; Container Apps' scale behavior is fixed (scale-up window 0 s, steps ${CONTAINER_APPS_FIXED_BEHAVIOR.scaleUpSteps}; scale-down window 300 s, 100 % at once)`;
    if (severity === "error") {
      issues.push({ code: "unsupported_behavior", path, message: `${text}; nearest alternative: remove it (or set scaling.containerApps.unsupportedBehavior: warn to compile without it)` });
    } else {
      warn("container_apps_fixed_behavior", path, `ignored on container-apps: ${text}`);
    }
  };
  const up = scaling.scaleUp;
  if (up) {
    if (up.stabilization !== undefined && up.stabilization !== CONTAINER_APPS_FIXED_BEHAVIOR.scaleUpStabilizationSeconds) {
      behavior(["scaling", "scaleUp", "stabilization"], `a scale-up stabilization of ${up.stabilization}s cannot be honoured (only 0s)`);
    }
    if (up.policies) behavior(["scaling", "scaleUp", "policies"], "scale-up rate limits cannot be honoured");
    if (up.select !== "max") behavior(["scaling", "scaleUp", "select"], `select ${JSON.stringify(up.select)} cannot be honoured`);
    if (up.tolerance !== undefined) behavior(["scaling", "scaleUp", "tolerance"], "a tolerance cannot be honoured (it is a Kubernetes HPA setting)");
  }
  const down = scaling.scaleDown;
  if (down) {
    if (down.stabilization !== undefined && down.stabilization !== CONTAINER_APPS_FIXED_BEHAVIOR.scaleDownStabilizationSeconds) {
      behavior(
        ["scaling", "scaleDown", "stabilization"],
        `a scale-down stabilization of ${down.stabilization}s cannot be honoured (only 300s; cooldownPeriod is not a stabilization window, it only delays the drop to 0)`,
      );
    }
    if (down.policies) behavior(["scaling", "scaleDown", "policies"], "scale-down rate limits cannot be honoured");
    if (down.select !== "max") behavior(["scaling", "scaleDown", "select"], `select ${JSON.stringify(down.select)} cannot be honoured`);
    if (down.tolerance !== undefined) behavior(["scaling", "scaleDown", "tolerance"], "a tolerance cannot be honoured (it is a Kubernetes HPA setting)");
  }
  if (scaling.missingMetrics !== undefined && scaling.missingMetrics !== "hold") {
    issues.push({
      code: "unsupported",
      path: ["scaling", "missingMetrics"],
      message: `${JSON.stringify(scaling.missingMetrics)} is not supported on container-apps (scale rules have no KEDA fallback setting; a rule that cannot read its metric leaves the replicas as they are); nearest alternative: missingMetrics: hold`,
    });
  }

  // ---- per-rule options ----
  const ruleOpts = new Map<number, { opt: ContainerAppsRuleOptions; index: number }>();
  (opts?.rules ?? []).forEach((opt, j) => {
    if (opt.metric >= scaling.metrics.length) {
      issues.push({
        code: "invalid_reference",
        path: ["scaling", "containerApps", "rules", j, "metric"],
        message: `refers to scaling.metrics[${opt.metric}], but the policy has ${scaling.metrics.length} metric(s) (allowed: 0..${scaling.metrics.length - 1})`,
      });
    } else if (ruleOpts.has(opt.metric)) {
      issues.push({ code: "duplicate", path: ["scaling", "containerApps", "rules", j, "metric"], message: `scaling.metrics[${opt.metric}] already has rule options at scaling.containerApps.rules[${ruleOpts.get(opt.metric)!.index}]` });
    } else {
      ruleOpts.set(opt.metric, { opt, index: j });
    }
  });

  // ---- rules ----
  const slugCount = new Map<string, number>();
  for (const m of scaling.metrics) slugCount.set(SLUG[m.kind], (slugCount.get(SLUG[m.kind]) ?? 0) + 1);
  const rules: ScaleRule[] = [];
  const names = new Map<string, number>();
  const kindsCompiled: MetricKind[] = [];
  scaling.metrics.forEach((m, i) => {
    const body = ruleBody(ctx, m, i);
    const ro = ruleOpts.get(i);
    const name = ro?.opt.name ?? (slugCount.get(SLUG[m.kind])! > 1 ? `${SLUG[m.kind]}-${i}-scaling` : `${SLUG[m.kind]}-scaling`);
    if (names.has(name)) {
      issues.push({
        code: "duplicate",
        path: ro?.opt.name !== undefined ? ["scaling", "containerApps", "rules", ro.index, "name"] : mpath(i, m.kind),
        message: `rule name ${JSON.stringify(name)} is already used by the rule of scaling.metrics[${names.get(name)}] (rule names must be unique in a Container App)`,
      });
    }
    names.set(name, i);
    if (!body) return;
    applyAuth(ctx, m, i, body, ro);
    kindsCompiled.push(m.kind);
    const rule: ScaleRule = { name };
    if (body.http) rule.http = body.http;
    if (body.custom) rule.custom = body.custom;
    rules.push(rule);
  });

  // ---- platform rules over the whole rule set ----
  if (scaling.mode === "autoscale" && min === 0 && kindsCompiled.length > 0 && kindsCompiled.every((k) => k === "cpu" || k === "memory")) {
    issues.push({
      code: "unsupported",
      path: ["scaling", "replicas", "min"],
      message: `0 is not supported on container-apps with only cpu/memory rules (${kindsCompiled.join(", ")}): cpu and memory rules cannot scale to zero, so the app would never wake up; nearest alternative: replicas.min >= 1, or add an http rule (inFlight / requestRate) or an event rule (queue) that can wake it`,
    });
  }
  const needsIngress = rules.some((r) => r.http !== undefined);
  if (needsIngress) warn("container_apps_ingress", ["scaling", "metrics"], "http rules need ingress enabled on the Container App (configuration.ingress)", "info");
  if (opts?.pollingInterval !== undefined && rules.length > 0 && rules.every((r) => r.http !== undefined)) {
    warn("container_apps_polling_unused", ["scaling", "containerApps", "pollingInterval"], "has no effect: pollingInterval is not used by http rules, and this app has only http rules");
  }
  if (opts?.cooldownPeriod !== undefined && min > 0) {
    warn("container_apps_cooldown_min", ["scaling", "containerApps", "cooldownPeriod"], `only delays scaling to 0 after the last event; with replicas.min ${min} it has no effect`, "info");
  }

  checkInt32(issues, [
    [opts?.cooldownPeriod, ["scaling", "containerApps", "cooldownPeriod"]],
    [opts?.pollingInterval, ["scaling", "containerApps", "pollingInterval"]],
  ]);
  throwIfIssues(issues, PLATFORM, policy.service);
  const scale: ContainerAppScale = {
    minReplicas: min,
    maxReplicas: max,
    ...(opts?.cooldownPeriod !== undefined ? { cooldownPeriod: opts.cooldownPeriod } : {}),
    ...(opts?.pollingInterval !== undefined ? { pollingInterval: opts.pollingInterval } : {}),
    rules,
  };
  return { scale: withoutNegativeZero(scale), secretRefs: [...ctx.secretRefs].sort(), needsIngress, warnings };
}

function ruleBody(ctx: Ctx, m: Metric, i: number): RuleBody | undefined {
  const { issues, warnings } = ctx;
  switch (m.kind) {
    case "cpu":
    case "memory": {
      let ok = true;
      if (m.averageValue !== undefined) {
        issues.push({
          code: "unsupported_metric",
          path: mpath(i, m.kind, "averageValue"),
          message: `an absolute ${m.kind} target (${JSON.stringify(m.averageValue)}) is not supported on container-apps (the ${m.kind} rule is used with type Utilization; AverageValue is reported not to work: microsoft/azure-container-apps#647); nearest alternative: \`utilization\` in percent of the container's ${m.kind}`,
        });
        ok = false;
      }
      if (m.container !== undefined) {
        issues.push({
          code: "unsupported_metric",
          path: mpath(i, m.kind, "container"),
          message: `a per-container ${m.kind} target (container ${JSON.stringify(m.container)}) is not supported on container-apps (the rule averages the whole replica); nearest alternative: drop \`container\``,
        });
        ok = false;
      }
      if (m.utilization !== undefined && m.utilization > 100) {
        // A Container App's container gets exactly the cpu/memory it asks for (request = limit), so usage never
        // exceeds 100 % of it: a higher target would never scale out. (Legal on Kubernetes, where limits may exceed requests.)
        issues.push({
          code: "too_big",
          path: mpath(i, m.kind, "utilization"),
          message: `must be at most 100 on container-apps (a container's ${m.kind} usage cannot exceed its allocation, which is both request and limit, so the rule would never scale out), got ${m.utilization}`,
        });
        ok = false;
      }
      if (!ok || m.utilization === undefined) return undefined;
      return { custom: { type: m.kind, metadata: { type: "Utilization", value: String(m.utilization) } } };
    }
    case "requestRate":
    case "inFlight": {
      const field = "perReplica";
      if (m.perReplica > INT32_MAX) {
        issues.push({ code: "too_big", path: mpath(i, m.kind, field), message: `must be at most ${INT32_MAX} on container-apps (http rule concurrentRequests is an int32), got ${m.perReplica}` });
        return undefined;
      }
      if (!Number.isInteger(m.perReplica) || m.perReplica < 1) {
        const lo = Math.max(1, Math.floor(m.perReplica));
        issues.push({
          code: "invalid_value",
          path: mpath(i, m.kind, field),
          message: `must be a whole number >= 1 on container-apps (http rule concurrentRequests is an integer, min 1), got ${m.perReplica}; nearest alternatives: ${lo === Math.ceil(m.perReplica) ? lo : `${lo} or ${Math.ceil(m.perReplica)}`}`,
        });
        return undefined;
      }
      if (m.from !== undefined) {
        const given = Object.entries(m.from).filter(([, v]) => v !== undefined).map(([k]) => k);
        warnings.push({ severity: "info", code: "container_apps_http_source_unused", path: mpath(i, m.kind, "from"), message: `not used on container-apps: the http rule counts requests at the app's ingress (${given.join(", ")} ignored)` });
      }
      if (m.kind === "inFlight") {
        warnings.push({
          severity: "info",
          code: "container_apps_http_is_rate",
          path: mpath(i, m.kind, field),
          message: "Container Apps computes http \"concurrency\" as the requests of the last 15 s ÷ 15 (requests per second), which equals in-flight requests only when a request takes about 1 s",
        });
      }
      return { http: { metadata: { concurrentRequests: String(m.perReplica) } } };
    }
    case "queue":
      return fromSources(ctx, m, i, m.jobsPerReplica, m.activation);
    case "replicasRequired":
      // KEDA AverageValue: desired = required / target = required × (1 + buffer).
      return fromSources(ctx, m, i, 1 / (1 + m.buffer), undefined);
    case "prometheus": {
      let ok = true;
      if (m.targetType === "Value") {
        issues.push({
          code: "unsupported_metric",
          path: mpath(i, "prometheus", "targetType"),
          message: "`Value` is not supported on container-apps (a custom rule has no KEDA metricType; the threshold is always per replica, AverageValue); nearest alternative: targetType: AverageValue",
        });
        ok = false;
      }
      if (m.serverAddress === undefined) {
        issues.push({
          code: "required",
          path: mpath(i, "prometheus", "serverAddress"),
          message: "is required on container-apps (the KEDA prometheus rule needs a Prometheus URL reachable from the Container Apps environment; scaling.kubernetes.prometheus is an in-cluster setting)",
        });
        ok = false;
      }
      if (m.serverAddress !== undefined && urlHasCredentials(m.serverAddress)) {
        issues.push({ code: "credentials_in_url", path: mpath(i, "prometheus", "serverAddress"), message: CREDENTIALS_IN_URL });
        ok = false;
      }
      if (!ok) return undefined;
      const metadata: Record<string, string> = { serverAddress: m.serverAddress!, query: asInstantVector(m.query.trim()), threshold: numberString(m.target) };
      if (m.activationTarget !== undefined) metadata.activationThreshold = numberString(m.activationTarget);
      if (m.metricName !== undefined) metadata.metricName = m.metricName;
      return { custom: { type: "prometheus", metadata }, scaler: "prometheus" };
    }
    case "schedule": {
      // replicas <= replicas.max is checked for every platform when the policy loads (policy.ts).
      return { custom: { type: "cron", metadata: { timezone: m.timezone, start: kedaCron(m.start), end: kedaCron(m.end), desiredReplicas: String(m.replicas) } } };
    }
    case "pods":
    case "external":
    case "object":
      issues.push(unsupportedMetric(PLATFORM, i, m.kind, (capabilities[m.kind] as { alternative: string }).alternative, `Kubernetes ${m.kind} metric ${JSON.stringify(m.name)}`));
      return undefined;
    case "workloadRatio":
      issues.push(unsupportedMetric(PLATFORM, i, m.kind, (capabilities.workloadRatio as { alternative: string }).alternative, `another workload's replica ratio, ${JSON.stringify(m.podSelector)}`));
      return undefined;
  }
}

function fromSources(ctx: Ctx, m: MetricOf<"queue"> | MetricOf<"replicasRequired">, i: number, target: number, activation: number | undefined): RuleBody | undefined {
  const from = m.from;
  if (from.azureMonitor) {
    if (from.prometheus) {
      ctx.warnings.push({ severity: "info", code: "container_apps_source_choice", path: mpath(i, m.kind, "from", "prometheus"), message: "not used on container-apps: the azureMonitor source of this metric is used instead" });
    }
    return azureMonitorRule(ctx, from.azureMonitor, mpath(i, m.kind, "from", "azureMonitor"), target, activation);
  }
  if (from.prometheus) return prometheusRule(ctx, from.prometheus, mpath(i, m.kind, "from", "prometheus"), target, activation);
  const given = Object.entries(from).filter(([, v]) => v !== undefined).map(([k]) => k);
  ctx.issues.push(unsupportedMetric(PLATFORM, i, m.kind, `add ${AZURE_SOURCE}`, `only ${given.join(", ")} source${given.length > 1 ? "s" : ""} given; Container Apps reads Azure Monitor or Prometheus`));
  return undefined;
}

function azureMonitorRule(ctx: Ctx, s: AzureMonitorSource, path: PathSegment[], target: number, activation: number | undefined): RuleBody | undefined {
  const { issues } = ctx;
  let ok = true;
  const res = azureMonitorResource(s);
  if (!res.ok) {
    issues.push({ code: "invalid_resource_id", path: [...path, res.field], message: res.message });
    ok = false;
  }
  if (s.tenantId === undefined) {
    issues.push({ code: "required", path: [...path, "tenantId"], message: "is required by KEDA's azure-monitor scaler (the Entra ID tenant of the metric's resource, a GUID)" });
    ok = false;
  } else if (!isGuid(s.tenantId)) {
    issues.push({ code: "invalid_string", path: [...path, "tenantId"], message: `must be a tenant id (a GUID), got ${JSON.stringify(s.tenantId)}` });
    ok = false;
  }
  if (s.metricAggregationType === undefined) {
    issues.push({
      code: "required",
      path: [...path, "metricAggregationType"],
      message: "is required by KEDA's azure-monitor scaler (\"no metricAggregationType given\"); allowed: Average, Total, Maximum, Minimum, Count",
    });
    ok = false;
  }
  if (s.azureResourceManagerEndpoint !== undefined && urlHasCredentials(s.azureResourceManagerEndpoint)) {
    issues.push({ code: "credentials_in_url", path: [...path, "azureResourceManagerEndpoint"], message: CREDENTIALS_IN_URL });
    ok = false;
  }
  if (s.cloud === "Private" && s.azureResourceManagerEndpoint === undefined) {
    issues.push({ code: "required", path: [...path, "azureResourceManagerEndpoint"], message: "is required when cloud is Private (KEDA azure-monitor)" });
    ok = false;
  }
  if (!ok || !res.ok) return undefined;
  const metadata: Record<string, string> = {
    resourceURI: res.resourceURI,
    tenantId: s.tenantId!,
    subscriptionId: res.subscriptionId,
    resourceGroupName: res.resourceGroupName,
    metricName: s.metricName,
  };
  if (s.metricNamespace !== undefined) metadata.metricNamespace = s.metricNamespace;
  if (s.metricFilter !== undefined) metadata.metricFilter = s.metricFilter;
  if (s.metricAggregationInterval !== undefined) metadata.metricAggregationInterval = s.metricAggregationInterval;
  metadata.metricAggregationType = s.metricAggregationType!;
  metadata.targetValue = numberString(target);
  if (activation !== undefined) metadata.activationTargetValue = numberString(activation);
  if (s.cloud !== undefined) metadata.cloud = s.cloud;
  if (s.azureResourceManagerEndpoint !== undefined) metadata.azureResourceManagerEndpoint = s.azureResourceManagerEndpoint;
  return { custom: { type: "azure-monitor", metadata }, scaler: "azure-monitor" };
}

function prometheusRule(ctx: Ctx, s: PrometheusSource, path: PathSegment[], target: number, activation: number | undefined): RuleBody | undefined {
  let ok = true;
  if (s.query === undefined) {
    ctx.issues.push({
      code: "required",
      path: [...path, "query"],
      message: `is required on container-apps (a per-pod \`series\`${s.series ? ` (${JSON.stringify(s.series)})` : ""} needs the Kubernetes prometheus-adapter; the KEDA prometheus rule takes one aggregate PromQL query, e.g. sum(...))`,
    });
    ok = false;
  }
  if (s.serverAddress === undefined) {
    ctx.issues.push({
      code: "required",
      path: [...path, "serverAddress"],
      message: "is required on container-apps (the KEDA prometheus rule needs a Prometheus URL reachable from the Container Apps environment; scaling.kubernetes.prometheus is an in-cluster setting)",
    });
    ok = false;
  }
  if (s.serverAddress !== undefined && urlHasCredentials(s.serverAddress)) {
    ctx.issues.push({ code: "credentials_in_url", path: [...path, "serverAddress"], message: CREDENTIALS_IN_URL });
    ok = false;
  }
  if (!ok) return undefined;
  const metadata: Record<string, string> = { serverAddress: s.serverAddress!, query: asInstantVector(s.query!.trim()), threshold: numberString(target) };
  if (activation !== undefined) metadata.activationThreshold = numberString(activation);
  if (s.ignoreNullValues !== undefined) metadata.ignoreNullValues = String(s.ignoreNullValues);
  if (s.metricName !== undefined) metadata.metricName = s.metricName;
  if (s.auth) {
    if (s.auth.secretName !== undefined) {
      ctx.warnings.push({ severity: "info", code: "container_apps_k8s_secret_unused", path: [...path, "auth", "secretName"], message: "is a Kubernetes Secret name, not used on container-apps (the credentials come from Container App secrets: scaling.containerApps.rules[].auth)" });
    }
  }
  return { custom: { type: "prometheus", metadata }, scaler: "prometheus" };
}

/** Default secret references for Prometheus auth (`<rule-slug>-bearer-token`, ...), when the policy names none. */
function defaultPrometheusAuth(mode: "bearer" | "basic", stem: string): ScaleRuleAuthRef[] {
  return mode === "bearer"
    ? [{ secretRef: `${stem}-bearer-token`, triggerParameter: "bearerToken" }]
    : [
        { secretRef: `${stem}-username`, triggerParameter: "username" },
        { secretRef: `${stem}-password`, triggerParameter: "password" },
      ];
}

function applyAuth(ctx: Ctx, m: Metric, i: number, body: RuleBody, ro: { opt: ContainerAppsRuleOptions; index: number } | undefined): void {
  const { issues } = ctx;
  const optPath: PathSegment[] = ro ? ["scaling", "containerApps", "rules", ro.index] : ["scaling", "containerApps", "rules"];
  const opt = ro?.opt;
  if (!body.custom || body.scaler === undefined) {
    // http, cpu, memory, cron: no KEDA trigger parameter to fill.
    if (opt?.auth || opt?.identity) {
      issues.push({
        code: "unsupported",
        path: [...optPath, opt.auth ? "auth" : "identity"],
        message: `has nothing to authenticate: the ${body.http ? "http" : body.custom?.type} rule of scaling.metrics[${i}] takes no credentials; allowed only on azure-monitor and prometheus rules`,
      });
    }
    return;
  }
  const custom = body.custom;
  let auth = opt?.auth;
  const allowed = TRIGGER_PARAMETERS[body.scaler] ?? [];
  auth?.forEach((a, k) => {
    if (!allowed.includes(a.triggerParameter)) {
      issues.push({
        code: "invalid_value",
        path: [...optPath, "auth", k, "triggerParameter"],
        message: `${JSON.stringify(a.triggerParameter)} is not a trigger parameter of KEDA's ${body.scaler} scaler; allowed: ${allowed.join(", ")}`,
      });
    }
  });
  if (body.scaler === "azure-monitor") {
    const params = new Set((auth ?? []).map((a) => a.triggerParameter));
    const hasCredentials = params.has("activeDirectoryClientId") && params.has("activeDirectoryClientPassword");
    if (!opt?.identity && !hasCredentials) {
      issues.push({
        code: "required",
        path: ro ? [...optPath, "identity"] : optPath,
        message: `the azure-monitor rule of scaling.metrics[${i}] needs credentials (KEDA: "no activeDirectoryClientId given"): set \`identity\` ("system" or a user-assigned identity with Monitoring Reader on the resource), or \`auth\` with secrets for activeDirectoryClientId and activeDirectoryClientPassword, in scaling.containerApps.rules (entry { metric: ${i}, ... })`,
      });
    }
  }
  if (body.scaler === "prometheus") {
    const src = promSourceAuth(m);
    if (src && !auth) auth = defaultPrometheusAuth(src, `${SLUG[m.kind]}-prometheus`);
    if (auth) {
      // KEDA prometheus authModes follow from the parameters the secrets fill.
      const modes = PROMETHEUS_AUTH_MODES.filter(([, ps]) => auth!.some((a) => ps.includes(a.triggerParameter))).map(([mode]) => mode);
      if (src && !modes.includes(src)) {
        issues.push({
          code: "invalid_value",
          path: [...optPath, "auth"],
          message: `fills ${auth.map((a) => a.triggerParameter).join(", ")}, which does not match the prometheus source's auth.mode ${JSON.stringify(src)} (${src} needs ${PROMETHEUS_AUTH_MODES.find(([mo]) => mo === src)![1].join(" + ")})`,
        });
      }
      if (modes.length > 0) custom.metadata.authModes = modes.join(",");
    }
  }
  if (auth) {
    custom.auth = auth.map((a) => ({ secretRef: a.secretRef, triggerParameter: a.triggerParameter }));
    for (const a of auth) ctx.secretRefs.add(a.secretRef);
  }
  if (opt?.identity) custom.identity = opt.identity;
  if (opt?.identity && body.scaler === "azure-monitor") {
    ctx.warnings.push({
      severity: "warning",
      code: "container_apps_identity_azure_monitor",
      path: [...optPath, "identity"],
      message: `users report that Container Apps' azure-monitor rule fails to parse with a managed identity ("azure Monitor doesn't support pod identity", microsoft/azure-container-apps#1582, open); if the rule reports KEDAScalerFailed, use \`auth\` with secrets for activeDirectoryClientId and activeDirectoryClientPassword instead`,
    });
  }
}

/** KEDA prometheus `authModes` and the trigger parameters each one reads. */
const PROMETHEUS_AUTH_MODES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ["bearer", ["bearerToken"]],
  ["basic", ["username", "password"]],
  ["tls", ["ca", "cert", "key"]],
  ["custom", ["customAuthHeader", "customAuthValue"]],
];

function promSourceAuth(m: Metric): "bearer" | "basic" | undefined {
  if (m.kind === "queue" || m.kind === "replicasRequired") return m.from.azureMonitor ? undefined : m.from.prometheus?.auth?.mode;
  return undefined;
}
