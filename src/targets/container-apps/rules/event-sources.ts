/**
 * A metric read from an event source (`from.<key>` of a registered module, src/sources/registry.ts) → the module's
 * Container Apps rule (`azureQueue` or a `custom` KEDA rule), with its credentials from the source's `auth`:
 * `secret.parameters` become `auth[] { secretRef: <key>, triggerParameter }` reading Container App secrets of those
 * names, `managedIdentity` becomes `identity`, only where the module says Container Apps accepts one
 * (`containerAppsIdentity`; refused otherwise, see microsoft/azure-container-apps#1582 and #1786).
 */
import { CONTAINER_APP_SECRET_NAME_RE } from "../../../policy/platforms/container-apps";
import { chooseSource, unmappedSources } from "../../../sources/target";
import type { SourceAuth } from "../../../types";
import type { PathSegment } from "../../../policy/errors";
import type { Metric } from "../../../types";
import type { ScaleRuleAuth } from "../scale-args";
import { PLATFORM, type RuleBody, type RuleContext } from "./context";

/**
 * The rule body of a metric fed by an event source; `undefined` when Container Apps reads the metric otherwise
 * (an `azureMonitor` source, a `prometheus` source with no event source it can map, or no event source), `null`
 * when refused (issues pushed).
 */
export function eventSourceRule(ctx: RuleContext, m: Metric, i: number): RuleBody | null | undefined {
  if (!("from" in m) || !m.from || m.from.azureMonitor) return undefined;
  const chosen = chooseSource(ctx.policy, m, i, (mod) => mod.containerApps);
  if (chosen === undefined) return undefined;
  if ("refused" in chosen) {
    if (m.from.prometheus) return undefined;
    ctx.issues.push(...unmappedSources(PLATFORM, m, i, (mod) => mod.containerApps !== undefined)!);
    return null;
  }
  const { module: mod, mapped, target } = chosen;
  ctx.issues.push(...(mapped.issues ?? []));
  ctx.warnings.push(...(mapped.warnings ?? []));
  if (mapped.issues?.length || !mapped.value) return null;
  for (const other of chosen.unused) {
    ctx.warnings.push({ severity: "info", code: "container_apps_source_choice", path: ["scaling", "metrics", i, m.kind, "from", other.key], message: `not used on container-apps: the ${mod.key} source of this metric is used instead` });
  }
  const auth = mod.auth?.(chosen.value);
  const credentials = ruleCredentials(ctx, auth, target.path, mod.title, mod.containerAppsIdentity === true);
  if (credentials === null) return null;
  const spec = mapped.value;
  if ("azureQueue" in spec) return { azureQueue: { ...spec.azureQueue, ...credentials } };
  return { custom: { type: spec.custom.type, metadata: { ...spec.custom.metadata }, ...credentials }, scaler: spec.custom.type };
}

/** `auth[]` from `secret.parameters`, or `identity` from `managedIdentity`; null when refused. */
function ruleCredentials(ctx: RuleContext, auth: SourceAuth | undefined, path: PathSegment[], title: string, identityOk: boolean): { auth?: ScaleRuleAuth[]; identity?: string } | null {
  if (!auth) return {};
  const out: { auth?: ScaleRuleAuth[]; identity?: string } = {};
  let ok = true;
  for (const k of ["triggerAuthentication", "clusterTriggerAuthentication", "podIdentity"] as const) {
    if (auth[k] === undefined) continue;
    const only = auth.secret === undefined && auth.managedIdentity === undefined;
    const message = `is a Kubernetes (KEDA) setting; on container-apps give secret.parameters (Container App secrets)${identityOk ? " or managedIdentity" : ""}`;
    if (only) {
      ctx.issues.push({ code: "unsupported", path: [...path, "auth", k], message });
      ok = false;
    } else ctx.warnings.push({ severity: "info", code: "container_apps_auth_ignored", path: [...path, "auth", k], message: `not used on container-apps: ${message}` });
  }
  if (auth.managedIdentity !== undefined) {
    if (!identityOk) {
      ctx.issues.push({
        code: "unsupported",
        path: [...path, "auth", "managedIdentity"],
        message: `cannot authenticate the ${title} rule on container-apps: Container Apps passes a managed identity only to scalers that accept one (on custom rules it breaks azure-monitor, microsoft/azure-container-apps#1582, and drops postgresql's metadata, #1786); nearest alternative: secret.parameters read from Container App secrets`,
      });
      ok = false;
    } else out.identity = auth.managedIdentity;
  }
  if (auth.secret) {
    const params = Object.keys(auth.secret.parameters).sort();
    for (const p of params) {
      const key = auth.secret.parameters[p]!;
      if (!CONTAINER_APP_SECRET_NAME_RE.test(key)) {
        ctx.issues.push({ code: "invalid_value", path: [...path, "auth", "secret", "parameters", p], message: `must name a Container App secret on container-apps (lower-case letters, digits, '-' or '.', starting and ending with a letter or digit), got ${JSON.stringify(key)}` });
        ok = false;
      }
    }
    if (auth.secret.name !== undefined) {
      ctx.warnings.push({ severity: "info", code: "container_apps_secret_name_ignored", path: [...path, "auth", "secret", "name"], message: "not used on container-apps: each parameter reads the Container App secret named by its key" });
    }
    out.auth = params.map((p) => ({ secretRef: auth.secret!.parameters[p]!, triggerParameter: p }));
    for (const a of out.auth) ctx.secretRefs.add(a.secretRef);
  }
  return ok ? out : null;
}
