/**
 * KEDA authentication for the ScaledObject's triggers (https://keda.sh/docs/2.18/concepts/authentication/):
 * an existing TriggerAuthentication / ClusterTriggerAuthentication by name, or one generated TriggerAuthentication
 * per distinct credential set (`spec.podIdentity`, `spec.secretTargetRef` reading a Secret). Credentials are never
 * values here: only the names of Secrets, keys and identities.
 */
import type { PathSegment, PolicyIssue } from "../../policy/errors";
import type { ScalingPolicy, SourceAuth } from "../../types";
import type { Diagnostic } from "../types";
import type { KedaTrigger, MetricPlan } from "./metrics";

const KEDA_API = "keda.sh/v1alpha1";

/** A Secret the generated TriggerAuthentications read and polyscale's component is expected to create. */
export interface ExpectedSecret {
  name: string;
  /** The `from` key it serves (`prometheus`, `sqs`, ...). */
  source: string;
  keys: string[];
}

/** An event source's auth as the Kubernetes target needs it (set on the metric's plan). */
export interface PlannedSourceAuth {
  /** The `from` key, e.g. `sqs`. */
  key: string;
  auth: SourceAuth;
  /** Trigger parameters the scaler reads from a TriggerAuthentication (the module's `credentialParameters`). */
  credentialParameters: readonly string[];
  /** Path of the source object (`scaling.metrics[i].<kind>.from.<key>`). */
  path: PathSegment[];
}

interface AuthState {
  policy: ScalingPolicy;
  manifests: Record<string, unknown>[];
  issues: PolicyIssue[];
  warnings: Diagnostic[];
  secrets: ExpectedSecret[];
  /** Generated TriggerAuthentication name by the content it holds. */
  generated: Map<string, string>;
}

/**
 * Attach `authenticationRef` to every trigger that needs auth, pushing the generated TriggerAuthentications
 * (before the ScaledObject). Returns the Secrets the component must create.
 */
export function attachAuth(policy: ScalingPolicy, plans: MetricPlan[], triggers: KedaTrigger[], manifests: Record<string, unknown>[], issues: PolicyIssue[], warnings: Diagnostic[]): ExpectedSecret[] {
  const state: AuthState = { policy, manifests, issues, warnings, secrets: [], generated: new Map() };
  triggers.forEach((t, i) => {
    const plan = plans[i]!;
    // A source's own auth first: an event source may compile to a prometheus trigger (Pub/Sub on KEDA >= 2.18).
    if (plan.sourceAuth) sourceAuth(state, t, plan.sourceAuth);
    else if (t.type === "prometheus") prometheusAuth(state, t, plan);
  });
  return state.secrets;
}

/** One TriggerAuthentication per distinct content, named `<service>-<source>-auth` (then `-2`, `-3`, ...). */
function generatedAuth(state: AuthState, source: string, spec: Record<string, unknown>): string {
  const content = JSON.stringify(spec);
  const known = state.generated.get(content);
  if (known) return known;
  const stem = `${state.policy.service}-${sourceSlug(source)}-auth`;
  const same = [...state.generated.values()].filter((n) => n === stem || n.startsWith(`${stem}-`)).length;
  const name = same === 0 ? stem : `${stem}-${same + 1}`;
  state.generated.set(content, name);
  state.manifests.push({ apiVersion: KEDA_API, kind: "TriggerAuthentication", metadata: { name, namespace: state.policy.namespace }, spec });
  return name;
}

function expectSecret(state: AuthState, name: string, source: string, keys: string[]): void {
  const known = state.secrets.find((s) => s.name === name);
  if (known) known.keys = [...new Set([...known.keys, ...keys])];
  else state.secrets.push({ name, source, keys: [...new Set(keys)] });
}

/** A metric's own `from.prometheus.auth` wins over scaling.kubernetes.prometheus.auth (bearer or basic). */
function prometheusAuth(state: AuthState, t: KedaTrigger, plan: MetricPlan): void {
  const auth = plan.auth ?? state.policy.scaling?.kubernetes?.prometheus?.auth;
  if (!auth) return;
  const secretName = auth.secretName ?? `${state.policy.service}-prometheus-auth`;
  const params = auth.mode === "bearer" ? ["bearerToken"] : ["username", "password"];
  const name = generatedAuth(state, "prometheus", { secretTargetRef: params.map((param) => ({ parameter: param, name: secretName, key: param })) });
  if (!auth.secretName) expectSecret(state, secretName, "prometheus", params);
  t.metadata.authModes = auth.mode;
  t.authenticationRef = { name };
}

function sourceAuth(state: AuthState, t: KedaTrigger, s: PlannedSourceAuth): void {
  const { auth, path } = s;
  if (auth.triggerAuthentication) {
    t.authenticationRef = { name: auth.triggerAuthentication };
    return;
  }
  if (auth.clusterTriggerAuthentication) {
    t.authenticationRef = { name: auth.clusterTriggerAuthentication, kind: "ClusterTriggerAuthentication" };
    return;
  }
  if (auth.managedIdentity !== undefined) {
    const alone = !auth.podIdentity && !auth.secret;
    const message = "is a Container Apps setting; on kubernetes give podIdentity { provider: azure-workload, identityId } (Azure Workload Identity) or a secret";
    if (alone) state.issues.push({ code: "unsupported", path: [...path, "auth", "managedIdentity"], message });
    else state.warnings.push({ severity: "info", code: "kubernetes_managed_identity_ignored", path: [...path, "auth", "managedIdentity"], message: `not used on kubernetes: ${message}` });
  }
  if (!auth.podIdentity && !auth.secret) return;
  const spec: Record<string, unknown> = {};
  if (auth.podIdentity) spec.podIdentity = sortedObject(auth.podIdentity);
  if (auth.secret) {
    const secretName = auth.secret.name ?? sourceSecretName(state.policy.service, s.key);
    const params = Object.keys(auth.secret.parameters).sort();
    let ok = true;
    for (const p of params) {
      if (!s.credentialParameters.includes(p)) {
        state.issues.push({
          code: "invalid_value",
          path: [...path, "auth", "secret", "parameters", p],
          message: `${JSON.stringify(p)} is not a parameter KEDA reads from a TriggerAuthentication for this scaler; allowed: ${s.credentialParameters.join(", ")}`,
        });
        ok = false;
      }
    }
    if (!ok) return;
    spec.secretTargetRef = params.map((parameter) => ({ parameter, name: secretName, key: auth.secret!.parameters[parameter]! }));
    if (!auth.secret.name) expectSecret(state, secretName, s.key, params.map((p) => auth.secret!.parameters[p]!));
  }
  t.authenticationRef = { name: generatedAuth(state, s.key, spec) };
}

/** A `from` key in generated names: `azureQueue` -> `azure-queue` (DNS-1123). */
export function sourceSlug(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The Secret a source's `auth.secret` reads when it names none: `<service>-<source>-auth`. */
export function sourceSecretName(service: string, key: string): string {
  return `${service}-${sourceSlug(key)}-auth`;
}

function sortedObject<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b))) as T;
}
