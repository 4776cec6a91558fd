import { z } from "zod";
import type { PathSegment, PolicyIssue } from "../policy/errors";
import { quote } from "../policy/messages";
import { hasUserinfo, maskUserinfo } from "../policy/url";
import { numberString } from "../policy/units";
import type { SourceAuth } from "./auth";
import type { Diagnostic } from "../targets/types";
import type { ContainerAppsRuleSpec, KedaTriggerSpec, Mapped, SourceTarget } from "./types";

/**
 * Checks shared by the Pub/Sub, Cloud Monitoring, Kafka, RabbitMQ and Redis source modules: where a metric
 * kind keeps its per-replica target, KEDA's integer thresholds, activation metadata, and credentials that
 * must arrive through `auth` (KEDA: parameters readable from a TriggerAuthentication).
 */

/** The field of each metric kind that the source's per-replica target comes from. */
const TARGET_FIELD = { queue: "jobsPerReplica", inFlight: "perReplica", requestRate: "perReplica", replicasRequired: "buffer" } as const;

/** `scaling.metrics[i].<kind>.<target field>` for a source at `scaling.metrics[i].<kind>.from.<key>`. */
export function targetPath(t: SourceTarget): PathSegment[] {
  return [...t.path.slice(0, -2), TARGET_FIELD[t.kind]];
}

/**
 * KEDA parses some thresholds as int64 (`strconv.ParseInt` / an int64 field): a fraction makes the trigger fail
 * at runtime, so it is refused here, on the metric field it came from.
 */
export function wholeNumberIssues(t: SourceTarget, scaler: string, target: string, activation?: string): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  if (!Number.isInteger(t.perReplica)) {
    issues.push({ code: "invalid_value", path: targetPath(t), message: `must be a whole number for the KEDA ${scaler} scaler (its ${target} is an integer), got ${numberString(t.perReplica)}` });
  }
  if (activation !== undefined && t.activation !== undefined && !Number.isInteger(t.activation)) {
    issues.push({ code: "invalid_value", path: [...t.path.slice(0, -2), "activation"], message: `must be a whole number for the KEDA ${scaler} scaler (its ${activation} is an integer), got ${numberString(t.activation)}` });
  }
  return issues;
}

/** `{ [name]: "<activation>" }` when the metric sets an activation above KEDA's default of 0. */
export function activationMetadata(name: string, t: SourceTarget): Record<string, string> {
  return t.activation !== undefined && t.activation > 0 ? { [name]: numberString(t.activation) } : {};
}


type Ctx = z.RefinementCtx;

/**
 * A string field that refuses a connection string with credentials before any other check (`continue: false`),
 * so the one message it gets masks them: it would be written in plain text into trigger metadata. Chain the
 * field's own checks after it.
 */
export function credentialFree(where: string) {
  return z.string().superRefine((v, ctx) => {
    if (!hasUserinfo(v)) return;
    const shown = maskUserinfo(v);
    ctx.addIssue({ code: "custom", message: `must not hold a connection string with credentials (${quote(shown)}): it would be rendered in plain text; ${where}`, input: shown, continue: false });
  });
}

/**
 * `auth.secret.parameters` names KEDA trigger parameters; each must be one the scaler reads from a
 * TriggerAuthentication (`triggerAuthenticationVariableReadable` in KEDA's scalers-schema.json).
 */
export function checkSecretParameters(ctx: Ctx, auth: SourceAuth | undefined, allowed: readonly string[], scaler: string): void {
  for (const parameter of Object.keys(auth?.secret?.parameters ?? {})) {
    if (allowed.includes(parameter)) continue;
    ctx.addIssue({
      code: "custom",
      path: ["auth", "secret", "parameters", parameter],
      message: `is not a parameter the KEDA ${scaler} scaler reads from a TriggerAuthentication; allowed: ${allowed.join(", ")}`,
      input: parameter,
    });
  }
}

/** Refuses a pod identity provider the scaler cannot use (`auth.podIdentity.provider`). */
export function checkPodIdentity(ctx: Ctx, auth: SourceAuth | undefined, allowed: readonly string[], scaler: string): void {
  const provider = auth?.podIdentity?.provider;
  if (provider === undefined || allowed.includes(provider)) return;
  const accepted = allowed.length > 0 ? `accepts ${allowed.map((p) => quote(p)).join(" or ")}` : "takes no pod identity (use auth.secret)";
  ctx.addIssue({ code: "custom", path: ["auth", "podIdentity", "provider"], message: `is not used by the KEDA ${scaler} scaler, which ${accepted}; got ${quote(provider)}`, input: provider });
}

/**
 * Secret parameters a mapping needs, checked when the auth is a generated one (`auth.secret`); an existing
 * TriggerAuthentication named by the user is taken as it is.
 */
export function missingSecretParameters(auth: SourceAuth | undefined, required: readonly string[]): string[] {
  const given = Object.keys(auth?.secret?.parameters ?? {});
  return required.filter((p) => !given.includes(p));
}

/** True when the auth names an existing (Cluster)TriggerAuthentication, whose content polyscale cannot see. */
export function namesTriggerAuthentication(auth: SourceAuth | undefined): boolean {
  return auth?.triggerAuthentication !== undefined || auth?.clusterTriggerAuthentication !== undefined;
}

/**
 * Container Apps reads credentials of non-Azure scalers only from Container App secrets (`auth.secret`): the
 * parameters a rule needs, when the source has no auth or a secret without them. An auth with no secret at all
 * (pod identity, a TriggerAuthentication, a managed identity) is refused once by the target
 * (src/targets/container-apps/rules/event-sources.ts), so not here.
 */
export function containerAppsSecretIssues(auth: SourceAuth | undefined, required: readonly string[], t: SourceTarget, scaler: string): PolicyIssue[] {
  if (auth !== undefined && auth.secret === undefined) return [];
  const missing = missingSecretParameters(auth, required);
  if (missing.length === 0) return [];
  return [
    {
      code: "required",
      path: [...t.path, "auth", "secret", "parameters"],
      message: `needs ${missing.join(", ")} on container-apps: a custom ${scaler} rule reads its credentials from Container App secrets (no pod identity, and managed identity only for Azure scalers)`,
    },
  ];
}

/**
 * The Kubernetes and Container Apps mappings of a source whose scaler is the same KEDA trigger on both (a
 * Container Apps custom rule of the trigger's type): refused with `issues` when there are any, else the trigger
 * and `warnings`.
 */
export function kedaMappings<S>(
  issues: (s: S, t: SourceTarget) => PolicyIssue[],
  trigger: (s: S, t: SourceTarget) => KedaTriggerSpec,
  more: { warnings?: (s: S, t: SourceTarget) => Diagnostic[] } = {},
) {
  const map = <T>(found: PolicyIssue[], s: S, t: SourceTarget, wrap: (k: KedaTriggerSpec) => T): Mapped<T> => {
    if (found.length) return { issues: found };
    const warnings = more.warnings?.(s, t) ?? [];
    return { value: wrap(trigger(s, t)), ...(warnings.length ? { warnings } : {}) };
  };
  return {
    kubernetes: (s: S, t: SourceTarget): Mapped<KedaTriggerSpec> => map(issues(s, t), s, t, (k) => k),
    containerApps: (s: S, t: SourceTarget): Mapped<ContainerAppsRuleSpec> => map(issues(s, t), s, t, (custom) => ({ custom })),
    // These scalers are not Azure services: Container Apps' managed identity cannot authenticate them.
    containerAppsIdentity: false,
  };
}
