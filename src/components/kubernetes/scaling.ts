import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { HorizontalPodAutoscaler } from "@pulumi/kubernetes/autoscaling/v2";
import { ConfigMap, Secret } from "@pulumi/kubernetes/core/v1";
import type { AdapterRule } from "../../targets/kubernetes/adapter";
import { compileKubernetes, type KubernetesOutput, type Manifest } from "../../targets/kubernetes/compile";
import type { Diagnostic } from "../../targets/types";
import type { ScalingPolicy, ScalingPolicyInput } from "../../types";
import { planFor, toPolicy } from "../policy-arg";
import { COMPONENT_TYPES, componentOptions, secretValues } from "../tokens";

export interface KubernetesScalingArgs {
  /** The scaling policy: plain data, validated before anything is registered (a parsed policy: `toPolicyInput(p)`). */
  policy: ScalingPolicyInput;
  /**
   * Prometheus credentials for KEDA triggers when the policy sets `scaling.kubernetes.prometheus.auth`
   * without `secretName`: the component stores them in a Secret read by a TriggerAuthentication.
   * Pass Pulumi secrets (`config.requireSecret(...)`); plain strings are wrapped with `pulumi.secret`.
   */
  prometheusCredentials?: {
    bearerToken?: pulumi.Input<string>;
    username?: pulumi.Input<string>;
    password?: pulumi.Input<string>;
  };
  /**
   * Credentials of the event sources whose `auth.secret` names no existing Secret, by `from` key and then Secret key
   * (the values of `auth.secret.parameters`), e.g. `{ sqs: { "aws-access-key-id": ..., "aws-secret-access-key": ... } }`.
   * The component stores each source's in a Secret `<service>-<source>-auth` read by the generated TriggerAuthentication.
   * Pass Pulumi secrets; plain strings are wrapped with `pulumi.secret`. `prometheus` here is the same as `prometheusCredentials`.
   */
  sourceCredentials?: SourceCredentials;
}

/** Secret values by `from` key, then Secret key. */
export type SourceCredentials = Record<string, Record<string, pulumi.Input<string>>>;

/** Every value of every source wrapped with `pulumi.secret`. */
export function secretSourceValues(c: SourceCredentials | undefined): Record<string, Record<string, pulumi.Output<string>>> | undefined {
  return c === undefined ? undefined : Object.fromEntries(Object.entries(c).map(([k, v]) => [k, secretValues(v)!]));
}

/** The credentials one expected Secret reads: `sourceCredentials.<source>`, and `prometheusCredentials` for prometheus. */
function credentialsOf(args: Pick<KubernetesScalingArgs, "prometheusCredentials" | "sourceCredentials">, source: string): Record<string, pulumi.Input<string> | undefined> {
  return { ...(args.sourceCredentials?.[source] ?? {}), ...(source === "prometheus" ? args.prometheusCredentials ?? {} : {}) };
}

/** The Secrets polyscale creates: the prometheus one and one per event source. */
function expectedSecrets(out: KubernetesOutput): { name: string; source: string; keys: string[] }[] {
  return [...(out.prometheusAuthSecret ? [{ ...out.prometheusAuthSecret, source: "prometheus" }] : []), ...(out.sourceSecrets ?? [])];
}

/**
 * The autoscaling of one Kubernetes workload: an HPA or a KEDA ScaledObject (never both), an optional
 * VPA, the ServiceMonitor and pinned-at-max PrometheusRule its policy asks for.
 * The prometheus-adapter rules the HPA needs are exposed as `adapterRules` for the adapter's own release.
 */
export class KubernetesScaling extends pulumi.ComponentResource {
  /** `hpa`, `keda`, or `none` (VPA only / fixed / external). */
  public readonly engine: pulumi.Output<string>;
  /** Name of the HPA on the cluster (KEDA's `keda-hpa-<name>` when KEDA owns it). */
  public readonly hpaName: pulumi.Output<string | undefined>;
  /** Rules to add to prometheus-adapter's config (see `adapterHelmValues`). */
  public readonly adapterRules: pulumi.Output<AdapterRule[]>;
  /** Compiler warnings (also logged with `pulumi.log.warn`). */
  public readonly warnings: pulumi.Output<Diagnostic[]>;
  /** The Kubernetes resources created, by kind. */
  public readonly resources: Record<string, pulumi.CustomResource>;

  constructor(name: string, args: KubernetesScalingArgs, opts?: pulumi.ComponentResourceOptions) {
    const plan = planFor(args, () => planKubernetesScaling(name, args));
    super(COMPONENT_TYPES.KubernetesScaling.type, name, { ...args, prometheusCredentials: secretValues(args.prometheusCredentials), sourceCredentials: secretSourceValues(args.sourceCredentials) }, componentOptions("KubernetesScaling", name, opts));
    const created = registerScalingResources(this, name, plan, args);
    this.resources = created.resources;
    this.engine = created.engine;
    this.hpaName = created.hpaName;
    this.adapterRules = created.adapterRules;
    this.warnings = created.warnings;
    this.registerOutputs({ engine: this.engine, hpaName: this.hpaName });
  }
}

/** What {@link registerScalingResources} created: the fields of a KubernetesScaling. */
export interface KubernetesScalingResources {
  engine: pulumi.Output<string>;
  hpaName: pulumi.Output<string | undefined>;
  adapterRules: pulumi.Output<AdapterRule[]>;
  warnings: pulumi.Output<Diagnostic[]>;
  resources: Record<string, pulumi.CustomResource>;
}

/** What a parent adds to each child: `aliasFor` gives the child's alias from its type token and name. */
export interface ScalingChildOptions {
  aliasFor?: (childType: string, childName: string) => pulumi.Input<pulumi.Alias | string>;
  dependsOn?: pulumi.Resource[];
}

/**
 * Register a plan's Secret and manifests as children of `parent` (a KubernetesScaling, or a KubernetesService
 * that parents its autoscaler itself). Children are named `<name>-<kind suffix>`; `childOpts` adds an alias
 * and dependencies to each.
 */
export function registerScalingResources(
  parent: pulumi.Resource,
  name: string,
  { policy, out }: ReturnType<typeof planKubernetesScaling>,
  credentials: Pick<KubernetesScalingArgs, "prometheusCredentials" | "sourceCredentials">,
  childOpts: ScalingChildOptions = {},
): KubernetesScalingResources {
  const optsFor = (apiVersion: string, kind: string, childName: string, dependsOn = childOpts.dependsOn) => ({
    parent,
    ...(childOpts.aliasFor ? { aliases: [childOpts.aliasFor(pulumiType(apiVersion, kind), childName)] } : {}),
    ...(dependsOn ? { dependsOn } : {}),
  });
  for (const w of out.warnings) pulumi.log.warn(`${policy.service}: ${w.path.join(".")}: ${w.message}`, parent);
  const created: Record<string, pulumi.CustomResource> = {};
  const secrets: Secret[] = [];
  for (const expected of expectedSecrets(out)) {
    const creds = credentialsOf(credentials, expected.source);
    const stringData: Record<string, pulumi.Output<string>> = {};
    for (const k of expected.keys) stringData[k] = pulumi.secret(creds[k]!);
    const childName = `${name}-${expected.source === "prometheus" ? "prometheus" : secretSlug(expected.source)}-auth`;
    const secret = new Secret(childName, { metadata: { name: expected.name, namespace: policy.namespace }, type: "Opaque", stringData }, optsFor("v1", "Secret", childName));
    secrets.push(secret);
    if (!created.Secret) created.Secret = secret;
    else created[`Secret/${expected.name}`] = secret;
  }
  const triggerAuths: pulumi.CustomResource[] = [];
  for (const m of out.manifests) {
    // A second TriggerAuthentication (another credential set) is named after its own metadata name.
    const childName = m.kind === "TriggerAuthentication" && triggerAuths.length > 0 ? `${name}-triggerauth-${m.metadata.name}` : `${name}-${suffix(m)}`;
    const own = m.kind === "ScaledObject" ? triggerAuths : m.kind === "TriggerAuthentication" ? secrets : [];
    const opts = optsFor(m.apiVersion, m.kind, childName, [...(childOpts.dependsOn ?? []), ...own]);
    created[m.kind] =
      m.kind === "HorizontalPodAutoscaler"
        ? new HorizontalPodAutoscaler(childName, { metadata: m.metadata, spec: m.spec as any }, opts)
        : m.kind === "ConfigMap"
        ? new ConfigMap(childName, { metadata: m.metadata, data: m.data as Record<string, string> }, opts)
        : new CustomResource(childName, { apiVersion: m.apiVersion, kind: m.kind, metadata: m.metadata, spec: m.spec }, opts);
    if (m.kind === "TriggerAuthentication") {
      if (triggerAuths.length > 0) created[`TriggerAuthentication/${m.metadata.name}`] = created[m.kind]!;
      triggerAuths.push(created[m.kind]!);
      created.TriggerAuthentication = triggerAuths[0]!;
    }
  }
  // Not spread: a spread would read (and so make) every lazy Output.
  return Object.assign(lazyOutputs({ engine: out.engine, hpaName: out.hpaName, adapterRules: out.adapterRules, warnings: out.warnings }), { resources: created });
}

/**
 * Compiled values as Outputs, each made on first read: a KubernetesService whose caller never reads them
 * does not pay for four Outputs per service. They hold plain values (no resource), so when they are made
 * does not change what they resolve to.
 */
function lazyOutputs<T extends Record<string, unknown>>(values: T): { [K in keyof T]: pulumi.Output<T[K]> } {
  const made: Partial<Record<keyof T, pulumi.Output<unknown>>> = {};
  const outputs = {} as { [K in keyof T]: pulumi.Output<T[K]> };
  for (const k of Object.keys(values) as (keyof T)[]) {
    Object.defineProperty(outputs, k, { enumerable: true, get: () => (made[k] ??= pulumi.output(values[k] as unknown)) });
  }
  return outputs;
}

/** The validated policy and its compiled manifests; throws (PolicyError) before anything is registered. */
export function planKubernetesScaling(name: string, args: { policy: ScalingPolicyInput | ScalingPolicy } & Pick<KubernetesScalingArgs, "prometheusCredentials" | "sourceCredentials">): { policy: ScalingPolicy; out: KubernetesOutput } {
  const policy = toPolicy(args.policy);
  const out = compileKubernetes(policy);
  for (const expected of out.sourceSecrets ?? []) {
    const creds = credentialsOf(args, expected.source);
    const missing = expected.keys.filter((k) => creds[k] === undefined);
    if (missing.length > 0) {
      throw new Error(
        `${name}: the ${expected.source} source's auth.secret needs \`${missing.map((k) => `sourceCredentials.${expected.source}[${JSON.stringify(k)}]`).join("`, `")}\` ` +
          `for the Secret ${JSON.stringify(expected.name)} (or set auth.secret.name to an existing Secret)`,
      );
    }
  }
  if (out.prometheusAuthSecret) {
    const creds = credentialsOf(args, "prometheus");
    const missing = out.prometheusAuthSecret.keys.filter((k) => creds[k] === undefined);
    if (missing.length > 0) {
      throw new Error(
        `${name}: the policy's Prometheus auth needs \`prometheusCredentials.${missing.join("`, `prometheusCredentials.")}\` ` +
          `(or set scaling.kubernetes.prometheus.auth.secretName to an existing Secret)`,
      );
    }
  }
  return { policy, out };
}

const SUFFIX: Record<string, string> = {
  HorizontalPodAutoscaler: "hpa",
  ScaledObject: "scaledobject",
  TriggerAuthentication: "triggerauth",
  VerticalPodAutoscaler: "vpa",
  ServiceMonitor: "servicemonitor",
  PrometheusRule: "alerts",
  ConfigMap: "dashboard",
};

/** `azureQueue` -> `azure-queue` for child resource names. */
function secretSlug(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/**
 * The Pulumi type token of a Kubernetes kind: `kubernetes:<group>/<version>:<Kind>`, the core group written
 * `core` (`kubernetes:core/v1:Secret`); CustomResource registers `kubernetes:<apiVersion>:<kind>` the same way.
 */
function pulumiType(apiVersion: string, kind: string): string {
  return `kubernetes:${apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`}:${kind}`;
}

function suffix(m: Manifest): string {
  return SUFFIX[m.kind] ?? m.kind.toLowerCase();
}


