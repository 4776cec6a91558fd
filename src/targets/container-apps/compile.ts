/**
 * ScalingPolicy → the `template.scale` block of an Azure Container App, shaped exactly like
 * `@pulumi/azure-native` `app.ContainerApp` args (`inputs.app.ScaleArgs`; ARM `Scale` of
 * Microsoft.App 2026-01-01 CommonDefinitions.json). Pure: no Pulumi resource, no I/O.
 *
 * How Container Apps decides (PLATFORM-FACTS B5, https://learn.microsoft.com/azure/container-apps/scale-app):
 * each rule is a KEDA trigger run by the platform; `desiredReplicas = ceil(metric / target)` per rule and the
 * largest wins ("scaling starts when the first condition of any rule is met"). The scale behavior is fixed
 * (fixed-behavior.ts). One metric compiles to one rule (rules/: http, tcp, cpu/memory, azure-monitor, prometheus,
 * cron), whose credentials come only from Container App secrets or a managed identity (rules/auth.ts).
 *
 * This module checks the policy as a whole: replica bounds, rule options, rule names, scale-to-zero.
 */
import type { PolicyIssue } from "../../policy/errors";
import type { MetricKind, ScalingPolicy } from "../../types";
import { CONTAINER_APPS_MAX_REPLICAS_LIMIT } from "../../policy/platforms/container-apps";
import { throwIfIssues, type Diagnostic } from "../types";
import { checkInt32, withoutNegativeZero } from "../output-values";
import { ruleSlug } from "./capabilities";
import { checkFixedBehavior } from "./fixed-behavior";
import type { ContainerAppScale, ContainerAppsScaling, ScaleRule } from "./scale-args";
import { applyAuth, type IndexedRuleOptions } from "./rules/auth";
import { PLATFORM, mpath, type RuleContext } from "./rules/context";
import { ruleBody } from "./rules";

export * from "./scale-args";
export { capabilities } from "./capabilities";
export { TRIGGER_PARAMETERS } from "./rules/auth";

type Scaling = NonNullable<ScalingPolicy["scaling"]>;

/**
 * Compile a policy to a Container App's `template.scale`. Throws a PolicyError listing every problem.
 */
export function compileContainerApps(policy: ScalingPolicy): ContainerAppsScaling {
  const scaling = policy.scaling;
  if (!scaling) {
    throwIfIssues(
      [{ code: "missing_scaling", path: ["scaling"], message: "is required on container-apps (Container Apps has no vertical autoscaler; set the container's cpu/memory and add `scaling`)" }],
      PLATFORM,
      policy.service,
    );
    throw new Error("unreachable");
  }
  const ctx: RuleContext = { policy, issues: [], warnings: [], secretRefs: new Set() };
  const { issues, warnings } = ctx;
  const opts = scaling.containerApps;
  const warn = (code: string, path: RuleContext["warnings"][number]["path"], message: string, severity: Diagnostic["severity"] = "warning") => warnings.push({ severity, code, path, message });

  if (policy.vertical) warn("container_apps_no_vertical", ["vertical"], "ignored on container-apps: vertical scaling is not supported (set the container's cpu/memory in the Container App instead)");
  if (policy.monitoring) warn("monitoring_not_applicable", ["monitoring"], "is Kubernetes scrape configuration (ServiceMonitor); Container Apps does not use it", "info");
  if (scaling.mode === "external") {
    issues.push({
      code: "unsupported",
      path: ["scaling", "mode"],
      message: "`external` is not supported on container-apps (the platform always owns the replica count of a Container App; nothing else may set it); nearest alternative: mode: fixed, or mode: autoscale with rules",
    });
  }
  const { min, max } = scaling.replicas;
  const limit = opts?.maxReplicasLimit ?? CONTAINER_APPS_MAX_REPLICAS_LIMIT;
  if (max > limit) {
    issues.push({
      code: "too_big",
      path: ["scaling", "replicas", "max"],
      message: `must be at most ${limit} on container-apps (the environment's replica cap; set scaling.containerApps.maxReplicasLimit if your environment allows more), got ${max}`,
    });
  }
  checkFixedBehavior(scaling, issues, warnings);

  const { rules, kindsCompiled } = compileRules(ctx, scaling, ruleOptionsByMetric(scaling, issues));

  if (scaling.mode === "autoscale" && min === 0 && kindsCompiled.length > 0 && kindsCompiled.every((k) => k === "cpu" || k === "memory")) {
    issues.push({
      code: "unsupported",
      path: ["scaling", "replicas", "min"],
      message: `0 is not supported on container-apps with only cpu/memory rules (${kindsCompiled.join(", ")}): cpu and memory rules cannot scale to zero, so the app would never wake up; nearest alternative: replicas.min >= 1, or add an http rule (inFlight / requestRate) or an event rule (queue) that can wake it`,
    });
  }
  const ingressTransport = ingressTransportOf(scaling, rules, issues);
  if (ingressTransport === "http") warn("container_apps_ingress", ["scaling", "metrics"], "http rules need ingress enabled on the Container App (configuration.ingress)", "info");
  if (ingressTransport === "tcp") warn("container_apps_ingress", ["scaling", "metrics"], "tcp rules need ingress with transport tcp on the Container App (configuration.ingress.transport: tcp)", "info");
  if (opts?.pollingInterval !== undefined && rules.length > 0 && rules.every(isIngressRule)) {
    warn("container_apps_polling_unused", ["scaling", "containerApps", "pollingInterval"], "has no effect: pollingInterval is not used by http and tcp rules, and this app has only such rules");
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
  return {
    scale: withoutNegativeZero(scale),
    secretRefs: [...ctx.secretRefs].sort(),
    needsIngress: ingressTransport !== undefined,
    ...(ingressTransport ? { ingressTransport } : {}),
    warnings,
  };
}

const isIngressRule = (r: ScaleRule) => r.http !== undefined || r.tcp !== undefined;

/**
 * The ingress transport the rules need. An app's ingress has one transport (`configuration.ingress.transport`:
 * http or tcp), so http and tcp rules on one app are refused: behind a tcp ingress the http rule sees no requests.
 */
function ingressTransportOf(scaling: Scaling, rules: ScaleRule[], issues: PolicyIssue[]): "http" | "tcp" | undefined {
  const http = rules.some((r) => r.http !== undefined);
  const tcp = rules.some((r) => r.tcp !== undefined);
  if (http && tcp) {
    const i = scaling.metrics.findIndex((m) => m.kind === "inFlight" && m.protocol === "tcp");
    const j = scaling.metrics.findIndex((m) => m.kind === "requestRate" || (m.kind === "inFlight" && m.protocol !== "tcp"));
    issues.push({
      code: "conflict",
      path: mpath(i, "inFlight", "protocol"),
      message: `"tcp" conflicts with the http rule of scaling.metrics[${j}] on container-apps (an app's ingress carries either HTTP or TCP: configuration.ingress.transport); nearest alternative: keep one of the two metrics, or serve the TCP port from its own Container App`,
    });
  }
  return tcp ? "tcp" : http ? "http" : undefined;
}

/** `scaling.containerApps.rules`, keyed by the metric index each entry addresses (bad and duplicate indexes reported). */
function ruleOptionsByMetric(scaling: Scaling, issues: PolicyIssue[]): Map<number, IndexedRuleOptions> {
  const byMetric = new Map<number, IndexedRuleOptions>();
  (scaling.containerApps?.rules ?? []).forEach((opt, j) => {
    if (opt.metric >= scaling.metrics.length) {
      issues.push({
        code: "invalid_reference",
        path: ["scaling", "containerApps", "rules", j, "metric"],
        message: `refers to scaling.metrics[${opt.metric}], but the policy has ${scaling.metrics.length} metric(s) (allowed: 0..${scaling.metrics.length - 1})`,
      });
    } else if (byMetric.has(opt.metric)) {
      issues.push({ code: "duplicate", path: ["scaling", "containerApps", "rules", j, "metric"], message: `scaling.metrics[${opt.metric}] already has rule options at scaling.containerApps.rules[${byMetric.get(opt.metric)!.index}]` });
    } else {
      byMetric.set(opt.metric, { opt, index: j });
    }
  });
  return byMetric;
}

/** One named rule per metric: `<slug>-scaling`, or `<slug>-<i>-scaling` when several metrics share a slug. */
function compileRules(ctx: RuleContext, scaling: Scaling, ruleOpts: Map<number, IndexedRuleOptions>): { rules: ScaleRule[]; kindsCompiled: MetricKind[] } {
  const slugCount = new Map<string, number>();
  for (const m of scaling.metrics) slugCount.set(ruleSlug(m), (slugCount.get(ruleSlug(m)) ?? 0) + 1);
  const rules: ScaleRule[] = [];
  const names = new Map<string, number>();
  const kindsCompiled: MetricKind[] = [];
  scaling.metrics.forEach((m, i) => {
    const body = ruleBody(ctx, m, i);
    const ro = ruleOpts.get(i);
    const slug = ruleSlug(m);
    const name = ro?.opt.name ?? (slugCount.get(slug)! > 1 ? `${slug}-${i}-scaling` : `${slug}-scaling`);
    if (names.has(name)) {
      ctx.issues.push({
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
    if (body.tcp) rule.tcp = body.tcp;
    if (body.custom) rule.custom = body.custom;
    if (body.azureQueue) rule.azureQueue = body.azureQueue;
    rules.push(rule);
  });
  return { rules, kindsCompiled };
}
