/**
 * Credentials of a scale rule: Container App secrets (`auth[] { secretRef, triggerParameter }`) or a managed
 * identity (`identity`), never inline metadata. Checked against the trigger parameters of the rule's KEDA scaler.
 */
import type { PathSegment } from "../../../policy/errors";
import type { ContainerAppsRuleOptions, Metric, ScaleRuleAuthRef } from "../../../types";
import { ruleSlug } from "../capabilities";
import type { RuleBody, RuleContext } from "./context";

/** KEDA trigger parameters a secret may fill, per scaler (KEDA scaler docs, "Authentication Parameters"). */
export const TRIGGER_PARAMETERS: Record<string, readonly string[]> = {
  "azure-monitor": ["activeDirectoryClientId", "activeDirectoryClientPassword"],
  prometheus: ["bearerToken", "username", "password", "ca", "cert", "key", "customAuthHeader", "customAuthValue"],
};

/** KEDA prometheus `authModes` and the trigger parameters each one reads. */
const PROMETHEUS_AUTH_MODES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ["bearer", ["bearerToken"]],
  ["basic", ["username", "password"]],
  ["tls", ["ca", "cert", "key"]],
  ["custom", ["customAuthHeader", "customAuthValue"]],
];

/** The rule options of one metric, with their index in `scaling.containerApps.rules`. */
export interface IndexedRuleOptions {
  opt: ContainerAppsRuleOptions;
  index: number;
}

/** Fill the rule's `auth` / `identity` from its options (or the prometheus source's auth mode), checking both. */
export function applyAuth(ctx: RuleContext, m: Metric, i: number, body: RuleBody, ro: IndexedRuleOptions | undefined): void {
  const optPath: PathSegment[] = ro ? ["scaling", "containerApps", "rules", ro.index] : ["scaling", "containerApps", "rules"];
  const opt = ro?.opt;
  if (!body.custom || body.scaler === undefined) {
    refuseCredentials(ctx, body, i, opt, optPath);
    return;
  }
  const custom = body.custom;
  let auth = opt?.auth;
  checkTriggerParameters(ctx, body.scaler, auth, optPath);
  if (body.scaler === "azure-monitor") requireAzureMonitorCredentials(ctx, i, opt, ro, optPath);
  if (body.scaler === "prometheus") {
    const src = promSourceAuth(m);
    if (src && !auth) auth = defaultPrometheusAuth(src, `${ruleSlug(m)}-prometheus`);
    if (auth) {
      const modes = prometheusAuthModes(ctx, auth, src, optPath);
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

/** http, tcp, cpu, memory, cron: no KEDA trigger parameter to fill. */
function refuseCredentials(ctx: RuleContext, body: RuleBody, i: number, opt: ContainerAppsRuleOptions | undefined, optPath: PathSegment[]): void {
  if (!opt?.auth && !opt?.identity) return;
  ctx.issues.push({
    code: "unsupported",
    path: [...optPath, opt.auth ? "auth" : "identity"],
    message: `has nothing to authenticate: the ${body.http ? "http" : body.tcp ? "tcp" : body.custom?.type} rule of scaling.metrics[${i}] takes no credentials; allowed only on azure-monitor and prometheus rules`,
  });
}

function checkTriggerParameters(ctx: RuleContext, scaler: string, auth: ScaleRuleAuthRef[] | undefined, optPath: PathSegment[]): void {
  const allowed = TRIGGER_PARAMETERS[scaler] ?? [];
  auth?.forEach((a, k) => {
    if (!allowed.includes(a.triggerParameter)) {
      ctx.issues.push({
        code: "invalid_value",
        path: [...optPath, "auth", k, "triggerParameter"],
        message: `${JSON.stringify(a.triggerParameter)} is not a trigger parameter of KEDA's ${scaler} scaler; allowed: ${allowed.join(", ")}`,
      });
    }
  });
}

function requireAzureMonitorCredentials(ctx: RuleContext, i: number, opt: ContainerAppsRuleOptions | undefined, ro: IndexedRuleOptions | undefined, optPath: PathSegment[]): void {
  const params = new Set((opt?.auth ?? []).map((a) => a.triggerParameter));
  if (opt?.identity || (params.has("activeDirectoryClientId") && params.has("activeDirectoryClientPassword"))) return;
  ctx.issues.push({
    code: "required",
    path: ro ? [...optPath, "identity"] : optPath,
    message: `the azure-monitor rule of scaling.metrics[${i}] needs credentials (KEDA: "no activeDirectoryClientId given"): set \`identity\` ("system" or a user-assigned identity with Monitoring Reader on the resource), or \`auth\` with secrets for activeDirectoryClientId and activeDirectoryClientPassword, in scaling.containerApps.rules (entry { metric: ${i}, ... })`,
  });
}

/** KEDA prometheus `authModes` follow from the parameters the secrets fill; they must match the source's auth mode. */
function prometheusAuthModes(ctx: RuleContext, auth: ScaleRuleAuthRef[], src: "bearer" | "basic" | undefined, optPath: PathSegment[]): string[] {
  const modes = PROMETHEUS_AUTH_MODES.filter(([, ps]) => auth.some((a) => ps.includes(a.triggerParameter))).map(([mode]) => mode);
  if (src && !modes.includes(src)) {
    ctx.issues.push({
      code: "invalid_value",
      path: [...optPath, "auth"],
      message: `fills ${auth.map((a) => a.triggerParameter).join(", ")}, which does not match the prometheus source's auth.mode ${JSON.stringify(src)} (${src} needs ${PROMETHEUS_AUTH_MODES.find(([mo]) => mo === src)![1].join(" + ")})`,
    });
  }
  return modes;
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

function promSourceAuth(m: Metric): "bearer" | "basic" | undefined {
  if (m.kind === "queue" || m.kind === "replicasRequired") return m.from.azureMonitor ? undefined : m.from.prometheus?.auth?.mode;
  return undefined;
}
