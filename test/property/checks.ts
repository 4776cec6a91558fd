import { PolicyError, fillAdapterTemplate, formatPath, parsePolicy, promqlError, type PolicyIssue, type ScalingPolicy } from "../../src/policy";
import { compileKubernetes, exposedMetricName } from "../../src/targets/kubernetes";
import { isInstantVector } from "../../src/targets/promql-shape";
import { PLATFORMS, tryCompile, type PlatformName, type RenderResult } from "../../src/targets";
import {
  CLOUD_RUN_RULES,
  CONTAINER_APPS_RULES,
  ECS_RULES,
  KUBERNETES_RULES,
  negativeZeroPaths,
  violations,
} from "../../src/rules";
import { validateManifest } from "../helpers/strict-schema";
import { apiErrors } from "../targets/ecs/helpers";
import { validateScale } from "../targets/container-apps/schema";
import { serviceValidator, toRestService } from "../targets/cloud-run/schema";

/**
 * What the property suite checks for one policy on one platform: the outcome (documents and warnings, or
 * the PolicyError's issues), then the upstream schema (closed object types) and the API rules of src/rules.
 */

export type Outcome =
  | { ok: true; result: RenderResult }
  | { ok: false; stage: "load" | "compile"; issues: PolicyIssue[] };

export type Loaded = { ok: true; policy: ScalingPolicy } | { ok: false; issues: PolicyIssue[] };

/** Parse a policy input; errors other than PolicyError propagate (they are the bugs this suite looks for). */
export function load(input: unknown): Loaded {
  try {
    return { ok: true, policy: parsePolicy(input) };
  } catch (e) {
    if (e instanceof PolicyError) return { ok: false, issues: e.issues };
    throw e;
  }
}

/** Render a loaded policy on one platform (a refused load is that platform's outcome too). */
export function outcome(loaded: Loaded, platform: PlatformName): Outcome {
  if (!loaded.ok) return { ok: false, stage: "load", issues: loaded.issues };
  return tryCompile(loaded.policy, platform);
}

/**
 * Issues must name a field. The only documented policy-level issue (empty path, printed as `(policy)`) is
 * the model's "needs `scaling` (horizontal), `vertical`, or both".
 */
export function issueProblems(issues: PolicyIssue[]): string[] {
  const out: string[] = [];
  if (issues.length === 0) out.push("PolicyError without issues");
  for (const i of issues) {
    if (typeof i.message !== "string" || i.message.trim() === "") out.push(`issue at ${formatPath(i.path)} has no message`);
    if (i.path.length === 0 && !/needs `scaling`/.test(i.message)) out.push(`issue without a path: ${i.message}`);
    if (i.path.some((s) => s === "" || (typeof s === "number" && !(Number.isInteger(s) && s >= 0)))) out.push(`issue path ${JSON.stringify(i.path)} has an empty segment`);
  }
  return out;
}

function cloudRunSchemaErrors(args: Record<string, any>): string[] {
  // `render` leaves the image out unless the policy names one (the user merges theirs): give it one.
  const body = toRestService(structuredClone(args));
  const c = (body as any).template?.containers?.[0];
  if (c && c.image === undefined) c.image = "us-docker.pkg.dev/p/r/app:1";
  const v = serviceValidator();
  return v(body) ? [] : (v.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** Schema and API-rule violations of one platform's documents for `policy`. */
export function documentProblems(platform: PlatformName, policy: ScalingPolicy, result: RenderResult): string[] {
  const out: string[] = [];
  for (const doc of result.documents as Array<Record<string, any>>) {
    out.push(...negativeZeroPaths(doc));
    switch (platform) {
      case "kubernetes": {
        const cluster = policy.scaling?.kubernetes?.cluster;
        out.push(...validateManifest(doc, cluster), ...violations(KUBERNETES_RULES, { manifest: doc, cluster }), ...promqlProblems(doc));
        break;
      }
      case "ecs":
        out.push(...apiErrors(doc.type, doc.args), ...violations(ECS_RULES, doc as any));
        break;
      case "container-apps": {
        const scale = doc.args?.template?.scale;
        out.push(...validateScale(scale), ...violations(CONTAINER_APPS_RULES, { scale, maxReplicasLimit: policy.scaling?.containerApps?.maxReplicasLimit }), ...containerAppsPromqlProblems(scale));
        break;
      }
      case "cloud-run":
        out.push(...cloudRunSchemaErrors(doc.args), ...violations(CLOUD_RUN_RULES, { args: doc.args, maxInstanceLimit: policy.scaling?.cloudRun?.maxInstanceLimit }));
        break;
    }
  }
  if (platform === "kubernetes") out.push(...adapterProblems(policy, result));
  for (const w of result.warnings) {
    if (w.path.length === 0) out.push(`warning without a path: ${w.message}`);
    if (w.message.trim() === "") out.push(`warning ${w.code} without a message`);
  }
  return out;
}

/** Everything a user can see of an outcome, as one string (for byte comparisons and the sentinel check). */
export function visible(o: Outcome): string {
  return o.ok ? JSON.stringify(o.result) : JSON.stringify(o.issues.map((i) => [formatPath(i.path), i.message]));
}

export { PLATFORMS };

/** Every PromQL expression a manifest carries (KEDA prometheus triggers, PrometheusRule rules) parses and type-checks. */
function promqlProblems(doc: Record<string, any>): string[] {
  const exprs: Array<[string, string]> = [];
  if (doc.kind === "ScaledObject") {
    (doc.spec?.triggers ?? []).forEach((t: any, i: number) => { if (t.type === "prometheus") exprs.push([`/spec/triggers/${i}/metadata/query`, t.metadata.query]); });
  }
  if (doc.kind === "PrometheusRule") {
    (doc.spec?.groups ?? []).forEach((g: any, i: number) => (g.rules ?? []).forEach((r: any, j: number) => exprs.push([`/spec/groups/${i}/rules/${j}/expr`, r.expr])));
  }
  return exprs.flatMap(([path, q]) => {
    const err = promqlError(q);
    if (err) return [`${path} ${err}`];
    return path.includes("/triggers/") && !isInstantVector(q) ? [`${path} ${JSON.stringify(q)} is not an instant vector (KEDA's prometheus scaler decodes only samples)`] : [];
  });
}

/** Container Apps prometheus rules are KEDA prometheus triggers: valid PromQL evaluating to an instant vector. */
function containerAppsPromqlProblems(scale: any): string[] {
  return (scale?.rules ?? []).flatMap((r: any, i: number) => {
    if (r.custom?.type !== "prometheus") return [];
    const q = r.custom.metadata.query as string;
    const err = promqlError(q);
    if (err) return [`rules/${i} ${err}`];
    return isInstantVector(q) ? [] : [`rules/${i} query ${JSON.stringify(q)} is not an instant vector`];
  });
}

/**
 * prometheus-adapter rules (`polyscale render --adapter-config`): each query type-checks once the adapter fills
 * it, and every Pods metric of the HPA that a rule serves is a name some rule exposes.
 */
function adapterProblems(policy: ScalingPolicy, result: RenderResult): string[] {
  const rules = compileKubernetes(policy).adapterRules;
  const out = rules.flatMap((r, i) => [promqlError(r.seriesQuery), promqlError(fillAdapterTemplate(r.metricsQuery))].filter((e) => e !== undefined).map((e) => `adapter rule ${i}: ${e}`));
  const exposed = new Set(rules.map((r) => exposedMetricName(r.seriesQuery.replace(/\{.*$/, ""), r.name)));
  const hpa = result.documents.find((d) => d.kind === "HorizontalPodAutoscaler") as any;
  const pods: string[] = (hpa?.spec?.metrics ?? []).filter((m: any) => m.type === "Pods").map((m: any) => m.pods.metric.name);
  // A `pods` metric names a custom metric served by someone else; every other Pods metric comes from an adapter rule.
  const given = new Set((policy.scaling?.metrics ?? []).flatMap((m) => (m.kind === "pods" ? [m.name] : [])));
  for (const name of pods) if (!exposed.has(name) && !given.has(name)) out.push(`HPA Pods metric ${name} is exposed by no adapter rule`);
  return out;
}
