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
}

export interface PulumiMockHarness {
  /** Every resource registered since the last `reset()`, in registration order. */
  readonly resources: CapturedResource[];
  ofType(type: string): CapturedResource[];
  named(name: string): CapturedResource | undefined;
  reset(): void;
}

/**
 * Install Pulumi mocks that capture every registered resource by type token
 * (`kubernetes:autoscaling/v2:HorizontalPodAutoscaler`, `aws:appautoscaling/policy:Policy`, ...).
 * Call it before constructing any resource (vitest: top of the test file or `beforeAll`).
 * `state` echoes the inputs and adds the ids/ARNs programs usually read.
 */
export async function installPulumiMocks(opts: { project?: string; stack?: string; outputs?: (r: CapturedResource) => Record<string, unknown> } = {}): Promise<PulumiMockHarness> {
  const resources: CapturedResource[] = [];
  // Resource options the mocks' newResource does not receive, read from the registration request.
  const options = new Map<string, { parent: string; dependencies: string[]; ignoreChanges: string[] }>();
  await pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs) {
        const o = options.get(`${args.type}::${args.name}`) ?? { parent: "", dependencies: [], ignoreChanges: [] };
        const captured: CapturedResource = { type: args.type, name: args.name, inputs: args.inputs, provider: args.provider, custom: args.custom ?? true, ...o };
        resources.push(captured);
        const extra = opts.outputs?.(captured) ?? {};
        return { id: `${args.name}-id`, state: { ...args.inputs, ...extra } };
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
    });
    return register(req, cb);
  };
  return {
    resources,
    ofType: (type) => resources.filter((r) => r.type === type),
    named: (name) => resources.find((r) => r.name === name),
    reset: () => {
      resources.length = 0;
    },
  };
}

/** Resolve an Output's value (never leave `expect` inside an un-awaited `apply`). */
export function valueOf<T>(output: pulumi.Output<T> | pulumi.Input<T>): Promise<T> {
  return new Promise<T>((resolve) => pulumi.output(output).apply((v) => { resolve(v as T); return v; }));
}

/** Whether an Output is marked secret. */
export function isSecretOutput(output: pulumi.Output<unknown>): Promise<boolean> {
  return pulumi.isSecret(output);
}

/** Wait until all pending resource registrations have reached the mock engine. */
export async function settled(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}
