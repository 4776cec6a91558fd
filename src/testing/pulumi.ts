import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";

/** One resource registered with the (mocked) engine. */
export interface CapturedResource {
  type: string;
  name: string;
  inputs: Record<string, any>;
  provider?: string;
  custom: boolean;
  /** URN of the parent resource ("" for the stack). */
  parent: string;
  /** URNs this resource depends on (`dependsOn` plus the resources its inputs come from). */
  dependencies: string[];
  /** The `ignoreChanges` resource option. */
  ignoreChanges: string[];
  /** The `aliases` resource option as sent to the engine (`parentUrn` resolved; unset fields left out). */
  aliases: CapturedAlias[];
}

/** One alias of a registration request: a URN, or a spec of the fields that differ. */
export interface CapturedAlias {
  urn?: string;
  name?: string;
  type?: string;
  parentUrn?: string;
  noParent?: boolean;
}

/**
 * What the mocked engine has registered. Every read waits until all pending registrations (including
 * those behind Outputs and component children) have reached the mocks, so there is nothing to settle
 * by hand: `expect((await mocks.ofType(HPA))[0].inputs.spec)...`.
 */
export interface PulumiMockHarness {
  /** Every resource registered since the last `reset()`, in registration order. */
  all(): Promise<CapturedResource[]>;
  /** Resources of one type token, e.g. `kubernetes:autoscaling/v2:HorizontalPodAutoscaler`. */
  ofType(type: string): Promise<CapturedResource[]>;
  /** The resource with this logical name, if any. */
  named(name: string): Promise<CapturedResource | undefined>;
  /** The single resource of a type; throws when there are none or several. */
  one(type: string): Promise<CapturedResource>;
  /**
   * Wait for pending registrations (e.g. of the previous test), then forget everything captured.
   * vitest: `beforeEach(() => mocks.reset())` (vitest awaits the returned promise).
   */
  reset(): Promise<void>;
}

export interface MockOptions {
  project?: string;
  stack?: string;
  /** Extra output state per resource, merged over the defaults (inputs plus realistic names, ids and ARNs). */
  outputs?: (r: CapturedResource) => Record<string, unknown>;
}

/**
 * Install Pulumi mocks that capture every registered resource by type token
 * (`kubernetes:autoscaling/v2:HorizontalPodAutoscaler`, `aws:appautoscaling/policy:Policy`, ...).
 * Call it before constructing any resource (vitest: `beforeAll`). Outputs echo the inputs plus what the
 * provider would compute: auto-names (`<name>-<hex>`), ids and ARNs (see `engineOutputs`).
 */
export async function installPulumiMocks(opts: MockOptions = {}): Promise<PulumiMockHarness> {
  const resources: CapturedResource[] = [];
  // Resource options the mocks' newResource does not receive, read from the registration request.
  const options = new Map<string, { parent: string; dependencies: string[]; ignoreChanges: string[]; aliases: CapturedAlias[] }>();
  await pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs) {
        const o = options.get(`${args.type}::${args.name}`) ?? { parent: "", dependencies: [], ignoreChanges: [], aliases: [] };
        const captured: CapturedResource = { type: args.type, name: args.name, inputs: args.inputs, provider: args.provider, custom: args.custom ?? true, ...o };
        resources.push(captured);
        const { id, state } = engineOutputs(args.type, args.name, args.inputs);
        return { id, state: { ...state, ...(opts.outputs?.(captured) ?? {}) } };
      },
      call(args: pulumi.runtime.MockCallArgs) {
        return args.inputs;
      },
    },
    opts.project ?? "polyscale",
    opts.stack ?? "test",
    false,
  );
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource: (req: any, cb: unknown) => unknown };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, cb: unknown) => {
    options.set(`${req.getType()}::${req.getName()}`, {
      parent: req.getParent(),
      dependencies: req.getDependenciesList(),
      ignoreChanges: req.getIgnorechangesList(),
      aliases: req.getAliasesList().map(capturedAlias),
    });
    return register(req, cb);
  };
  const all = async () => {
    await settled();
    return [...resources];
  };
  return {
    all,
    ofType: async (type) => (await all()).filter((r) => r.type === type),
    named: async (name) => (await all()).find((r) => r.name === name),
    one: async (type) => {
      const found = (await all()).filter((r) => r.type === type);
      if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}${found.length ? `: ${found.map((r) => r.name).join(", ")}` : ""}`);
      return found[0]!;
    },
    reset: async () => {
      await settled();
      resources.length = 0;
    },
  };
}

function capturedAlias(a: any): CapturedAlias {
  if (!a.hasSpec()) return { urn: a.getUrn() };
  const s = a.getSpec();
  const out: CapturedAlias = {};
  if (s.getName()) out.name = s.getName();
  if (s.getType()) out.type = s.getType();
  if (s.getParenturn()) out.parentUrn = s.getParenturn();
  if (s.getNoparent()) out.noParent = true;
  return out;
}

const REGION = "us-east-1";
const ACCOUNT = "123456789012";

/** A stable pseudo-random suffix per resource, like the engine's auto-naming (hex, deterministic here). */
function suffix(type: string, name: string, length: number): string {
  return createHash("sha1").update(`${type}::${name}`).digest("hex").slice(0, length);
}

/**
 * The id and output state a provider would return: inputs plus the physical name Pulumi auto-names
 * (`<name>-<7 hex>` for AWS and Google Cloud, `metadata.name` `<name>-<8 chars>` for Kubernetes:
 * https://www.pulumi.com/docs/iac/concepts/resources/names/#autonaming), ARNs for AWS, and ids in the
 * provider's format (ECS cluster/service: the ARN; Application Auto Scaling target: the resource id).
 */
export function engineOutputs(type: string, name: string, inputs: Record<string, any>): { id: string; state: Record<string, unknown> } {
  const [pkg, mod = "", kind = ""] = type.split(":");
  if (pkg === "kubernetes") {
    const metadata = { ...(inputs.metadata ?? {}) };
    metadata.name ??= `${name}-${suffix(type, name, 8)}`;
    return { id: metadata.namespace ? `${metadata.namespace}/${metadata.name}` : metadata.name, state: { ...inputs, metadata } };
  }
  if (pkg === "aws") {
    const physical: string = inputs.name ?? (inputs.namePrefix ? `${inputs.namePrefix}${suffix(type, name, 26)}` : `${name}-${suffix(type, name, 7)}`);
    const service = mod.split("/")[0]!;
    const arn = awsArn(type, service, kind, physical, inputs);
    const id = type === "aws:appautoscaling/target:Target" ? String(inputs.resourceId) : type.startsWith("aws:ecs/") ? arn : physical;
    return { id, state: { ...inputs, name: physical, arn } };
  }
  if (pkg === "gcp") {
    const physical: string = inputs.name ?? `${name}-${suffix(type, name, 7)}`;
    return { id: physical, state: { ...inputs, name: physical } };
  }
  return { id: `${name}-id`, state: { ...inputs } };
}

function awsArn(type: string, service: string, kind: string, physical: string, inputs: Record<string, any>): string {
  const base = `arn:aws:${service}:${REGION}:${ACCOUNT}`;
  switch (type) {
    case "aws:ecs/service:Service": {
      const cluster = String(inputs.cluster ?? "default").split("/").pop();
      return `${base}:service/${cluster}/${physical}`;
    }
    case "aws:appautoscaling/policy:Policy":
      return `${base}:scalingPolicy:${suffix(type, physical, 8)}-${suffix(kind, physical, 4)}:resource/${inputs.resourceId}:policyName/${physical}`;
    case "aws:appautoscaling/scheduledAction:ScheduledAction":
      return `${base}:scheduledAction:${suffix(type, physical, 8)}:resource/${inputs.resourceId}:scheduledActionName/${physical}`;
    default:
      return `${base}:${kind.charAt(0).toLowerCase()}${kind.slice(1)}/${physical}`;
  }
}

/** Resolve an Output's value (never leave `expect` inside an un-awaited `apply`). */
export function valueOf<T>(output: pulumi.Output<T> | pulumi.Input<T>): Promise<T> {
  return new Promise<T>((resolve) => pulumi.output(output).apply((v) => { resolve(v as T); return v; }));
}

/** Whether an Output is marked secret. */
export function isSecretOutput(output: pulumi.Output<unknown>): Promise<boolean> {
  return pulumi.isSecret(output);
}

/**
 * Wait until every pending resource registration has reached the mock engine (the harness's reads
 * already do this). Uses the SDK's own RPC bookkeeping, the one `pulumi up` waits on before exiting.
 */
export async function settled(): Promise<void> {
  const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs?: () => Promise<void> };
  if (settings.waitForRPCs) await settings.waitForRPCs();
  else for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}
