import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { MembranePlatform } from "../../src/components/membrane-platform";
import { PolicyError } from "../../src/policy";
import { MEMBRANE_SERVICES } from "../../src/presets/membrane";
import { polyscaleProvider } from "../../src/provider/provider";
import { installPulumiMocks, valueOf, type PulumiMockHarness } from "../../src/testing/pulumi";
import { clean } from "./arbitraries";

/**
 * MembranePlatform through the provider (what a Python or YAML program sends) against the TypeScript component,
 * over generated args: every preset option at the top level, services excluded, renamed and overridden by name,
 * names that are not services, engines that do not exist. Either the provider refuses with one issue per bad
 * name or engine (at its path) before anything is registered, or it registers exactly what the TypeScript
 * component registers with the same options under `options`, or both refuse with the same message.
 */

let mocks: PulumiMockHarness;
beforeAll(async () => {
  mocks = await installPulumiMocks();
});

const service = fc.constantFrom(...MEMBRANE_SERVICES);
/** A service name, or a near miss of one (about one in six). */
const serviceKey = fc.oneof({ weight: 5, arbitrary: service }, { weight: 1, arbitrary: service.map((s) => `${s}x`) });
const dnsName = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);

const args = fc
  .record({
    platform: fc.constantFrom("kubernetes", "ecs", "container-apps", "cloud-run"),
    namespace: fc.option(dnsName, { nil: undefined }),
    prometheusServerAddress: fc.option(fc.constantFrom("http://prometheus.monitoring:9090", "https://prom.example.com"), { nil: undefined }),
    kubernetesEngine: fc.option(fc.constantFrom("keda", "hpa", "Keda"), { nil: undefined }),
    serviceMonitors: fc.option(fc.boolean(), { nil: undefined }),
    ecsCluster: fc.option(dnsName, { nil: undefined }),
    ecsWorkersRequiredMetric: fc.option(fc.constant({ namespace: "Membrane", metricName: "QueuedTasksWorkersRequired" }), { nil: undefined }),
    azureMonitorResourceId: fc.option(fc.constant("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ServiceBus/namespaces/m"), { nil: undefined }),
    azureMonitorIdentity: fc.option(fc.constantFrom("system", "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/membrane"), { nil: undefined, freq: 4 }),
    azureMonitor: fc.option(fc.record({ tenantId: fc.constant("11111111-1111-1111-1111-111111111111"), metricAggregationType: fc.constantFrom("Average", "Total") }), { nil: undefined }),
    exclude: fc.uniqueArray(serviceKey, { maxLength: 3 }),
    names: fc.dictionary(serviceKey, dnsName, { maxKeys: 2 }),
    workloads: fc.dictionary(serviceKey, fc.record({ port: fc.integer({ min: 1024, max: 9000 }) }), { maxKeys: 2 }),
    excludeWhatCannotRun: fc.boolean(),
  })
  .map(({ excludeWhatCannotRun, ...a }) => clean(excludeWhatCannotRun ? { ...a, exclude: [...new Set([...a.exclude, ...cannotRun(a)])] } : a));

/** The services a platform cannot run with these options (the seed's own limits; the preset names them in its error). */
function cannotRun(a: { platform: string; kubernetesEngine?: string; ecsWorkersRequiredMetric?: unknown; azureMonitorResourceId?: string }): string[] {
  const workers = ["queued-tasks-worker", "custom-code-runner"];
  if (a.platform === "cloud-run") return ["instant-tasks-worker", ...workers];
  if (a.platform === "ecs") return a.ecsWorkersRequiredMetric ? ["custom-code-runner"] : workers;
  if (a.platform === "container-apps") return a.azureMonitorResourceId ? workers : ["instant-tasks-worker", ...workers];
  return a.kubernetesEngine === "hpa" ? workers : [];
}

const platformArgs = {
  ecs: { ecs: { clusterName: "prod" } },
  "container-apps": { containerApps: { resourceGroupName: "rg", managedEnvironmentId: "env" } },
  "cloud-run": { cloudRun: { location: "europe-west1" } },
} as Record<string, Record<string, unknown>>;

const OPTION_KEYS = ["namespace", "prometheusServerAddress", "kubernetesEngine", "serviceMonitors", "ecsCluster", "ecsWorkersRequiredMetric", "azureMonitorResourceId", "azureMonitorIdentity", "azureMonitor", "names"];

async function registrations(build: () => Promise<unknown> | unknown): Promise<{ error?: string; registered: unknown[] }> {
  await mocks.reset();
  try {
    const r = await build();
    if (r && typeof r === "object" && "urn" in r) await valueOf((r as { urn: never }).urn);
  } catch (e) {
    return { error: (e as Error).message, registered: await mocks.all() };
  }
  return { registered: (await mocks.all()).map(({ type, name, inputs, parent }) => ({ type, name, inputs, parent })) };
}

describe("MembranePlatform's provider args, generated", () => {
  it("120 args: refused at the bad names' paths, or the same registrations as the TypeScript component's options", async () => {
    let refused = 0;
    let built = 0;
    await fc.assert(
      fc.asyncProperty(args, async (a) => {
        const inputs = { ...a, images: { registry: "ghcr.io/membrane", tag: "1" }, ...(platformArgs[a.platform] ?? {}) };
        const bad = [
          ...(a.exclude ?? []).flatMap((s, i) => ((MEMBRANE_SERVICES as readonly string[]).includes(s) ? [] : [`exclude.${i}`])),
          ...(["names", "workloads"] as const).flatMap((f) => Object.keys(a[f] ?? {}).filter((s) => !(MEMBRANE_SERVICES as readonly string[]).includes(s)).map((s) => `${f}.${s}`)),
          ...(a.kubernetesEngine === "Keda" ? ["kubernetesEngine"] : []),
        ];
        const viaProvider = await registrations(() => polyscaleProvider().construct("m", "polyscale:index:MembranePlatform", inputs as never, {}));
        if (bad.length > 0) {
          refused++;
          expect(viaProvider.registered).toEqual([]);
          expect(viaProvider.error).toBeDefined();
          await mocks.reset();
          const e = await polyscaleProvider().construct("m", "polyscale:index:MembranePlatform", inputs as never, {}).then(() => undefined, (x: unknown) => x);
          expect(e).toBeInstanceOf(PolicyError);
          expect((e as PolicyError).issues.map((i) => i.path.join("."))).toEqual(bad);
          return;
        }
        const options = Object.fromEntries(OPTION_KEYS.filter((k) => (a as Record<string, unknown>)[k] !== undefined).map((k) => [k, (a as Record<string, unknown>)[k]]));
        const rest = Object.fromEntries(Object.entries(inputs).filter(([k]) => !OPTION_KEYS.includes(k)));
        const direct = await registrations(() => new MembranePlatform("m", { ...rest, options } as never));
        if (viaProvider.error === undefined) built++;
        expect(viaProvider).toEqual(direct);
      }),
      { numRuns: 120 },
    );
    // Both outcomes must be exercised for the property to mean anything.
    expect(refused).toBeGreaterThan(20);
    expect(built).toBeGreaterThan(20);
  }, 300_000);
});
