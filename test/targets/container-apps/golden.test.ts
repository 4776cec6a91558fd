import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePolicyFile, type ScalingPolicy } from "../../../src/policy";
import { loadTarget } from "../../../src/targets";
import { compileContainerApps } from "../../../src/targets/container-apps";
import { validateScale } from "./schema";

/**
 * Golden tests: the Membrane seed's `az containerapp update` commands (section "Azure Container Apps Scaling" of
 * test/fixtures/seeds/membrane-autoscaling-multicloud.md, a verbatim copy of the seed) are parsed here and their
 * flags mapped to ARM `template.scale` fields, the way the az CLI maps them:
 *   --min-replicas → minReplicas, --max-replicas → maxReplicas, --scale-rule-name → rules[].name,
 *   --scale-rule-type http → rules[].http, --scale-rule-http-concurrency → http.metadata.concurrentRequests,
 *   --scale-rule-type <other> → rules[].custom.type, --scale-rule-metadata k=v ... → custom.metadata.
 * The expected values come from the seed, never from polyscale's output.
 */
const ROOT = join(__dirname, "..", "..", "..");
const SEED = readFileSync(join(ROOT, "test", "fixtures", "seeds", "membrane-autoscaling-multicloud.md"), "utf8");

function loadExample(file: string): ScalingPolicy {
  const path = join(ROOT, "examples", "seeds", file);
  const [p] = parsePolicyFile(readFileSync(path, "utf8"), path);
  return p!;
}

interface AzCommand {
  name: string;
  flags: Record<string, string[]>;
}

/** The `az containerapp update` commands of the seed's Container Apps section, flags → values (multi-valued flags keep all values). */
function seedAzCommands(): AzCommand[] {
  const start = SEED.indexOf("## Azure Container Apps Scaling");
  const end = SEED.indexOf("\n## ", start + 1);
  expect(start).toBeGreaterThan(0);
  const section = SEED.slice(start, end);
  const out: AzCommand[] = [];
  for (const m of section.matchAll(/```bash\n([\s\S]*?)```/g)) {
    const words = m[1]!.replace(/\\\n/g, " ").split(/\s+/).filter(Boolean);
    if (words.slice(0, 3).join(" ") !== "az containerapp update") continue;
    const flags: Record<string, string[]> = {};
    let cur: string | undefined;
    for (const w of words.slice(3)) {
      if (w.startsWith("--")) flags[(cur = w.slice(2))] = [];
      else flags[cur!]!.push(w);
    }
    out.push({ name: flags.name![0]!, flags });
  }
  return out;
}

function one(flags: Record<string, string[]>, f: string): string {
  const v = flags[f];
  expect(v, `--${f}`).toHaveLength(1);
  return v![0]!;
}

/** ARM `Scale` for one seed command (what `az containerapp update` sends). */
function armScaleFromSeed(cmd: AzCommand): { scale: any; metadataFlags: Record<string, string> } {
  const f = cmd.flags;
  const type = one(f, "scale-rule-type");
  const rule: any = { name: one(f, "scale-rule-name") };
  const metadataFlags = Object.fromEntries((f["scale-rule-metadata"] ?? []).map((kv) => kv.split(/=(.*)/s).slice(0, 2) as [string, string]));
  if (type === "http") rule.http = { metadata: { concurrentRequests: one(f, "scale-rule-http-concurrency") } };
  else rule.custom = { type, metadata: metadataFlags };
  return { scale: { minReplicas: Number(one(f, "min-replicas")), maxReplicas: Number(one(f, "max-replicas")), rules: [rule] }, metadataFlags };
}

describe("golden: the Membrane seed's az containerapp update commands", () => {
  const cmds = seedAzCommands();

  it("the seed holds the two commands (API http rule, instant worker azure-monitor rule)", () => {
    expect(cmds.map((c) => c.name)).toEqual(["membrane-api", "membrane-instant-worker"]);
  });

  it("membrane-api: http rule http-scaling, concurrency 100, min 2, max 10 (exactly the seed's scale block)", () => {
    const cmd = cmds.find((c) => c.name === "membrane-api")!;
    const expected = armScaleFromSeed(cmd).scale;
    const policy = loadExample("membrane-container-apps-api.yaml");
    const { documents } = loadTarget("container-apps").render(policy);
    expect(documents).toHaveLength(1);
    expect(documents[0]).toEqual({ type: "azure-native:app:ContainerApp", name: cmd.name, args: { template: { scale: expected } } });
  });

  it("membrane-instant-worker: azure-monitor rule queue-scaling with the seed's metricName, target and resource group", () => {
    const cmd = cmds.find((c) => c.name === "membrane-instant-worker")!;
    const { scale: seedScale, metadataFlags } = armScaleFromSeed(cmd);
    const policy = loadExample("membrane-container-apps-instant-worker.yaml");
    const out = compileContainerApps(policy);
    expect(policy.service).toBe(cmd.name);

    // Everything but the metadata is exactly the seed's.
    const { rules: [seedRule], ...seedBounds } = seedScale;
    const { rules: [rule], ...bounds } = out.scale;
    expect(out.scale.rules).toHaveLength(1);
    expect(bounds).toEqual(seedBounds);
    expect(rule!.name).toBe(seedRule.name);
    expect(rule!.custom!.type).toBe(seedRule.custom.type);
    expect(rule!.http).toBeUndefined();

    // The seed's metadata keys that are KEDA's own keys, verbatim.
    const md = rule!.custom!.metadata;
    expect(Object.keys(metadataFlags).sort()).toEqual(["metricName", "metricResourceId", "targetValue"]);
    expect(md.metricName).toBe(metadataFlags.metricName);
    expect(md.targetValue).toBe(metadataFlags.targetValue);

    // `metricResourceId` is the seed's abbreviation: KEDA reads subscriptionId + resourceGroupName + resourceURI.
    // The seed elides the subscription ("...") and stops at the resource group; the example fills in the resource.
    expect(md).not.toHaveProperty("metricResourceId");
    const seedId = metadataFlags.metricResourceId!;
    const seedIdParts = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)$/.exec(seedId)!;
    expect(seedIdParts[1]).toBe("...");
    expect(md.resourceGroupName).toBe(seedIdParts[2]);
    const exampleId = policy.scaling!.metrics[0]!.kind === "queue" ? (policy.scaling!.metrics[0] as any).from.azureMonitor.resourceId : "";
    expect(exampleId.startsWith(`/subscriptions/${md.subscriptionId}/resourceGroups/${seedIdParts[2]}/providers/${md.resourceURI}`)).toBe(true);
    expect(md.resourceURI.split("/")).toHaveLength(3); // KEDA: "Should be namespace/resource_type/resource_name"

    // The keys KEDA's scaler requires besides the seed's, and nothing else.
    expect(Object.keys(md).sort()).toEqual(
      ["metricAggregationType", "metricName", "metricNamespace", "resourceGroupName", "resourceURI", "subscriptionId", "targetValue", "tenantId"].sort(),
    );
    expect(rule!.custom!.identity).toBe("system");
    expect(rule!.custom!.auth).toBeUndefined();
  });

  it("both seed examples validate against the ARM Scale definition (closed objects, int32)", () => {
    for (const f of ["membrane-container-apps-api.yaml", "membrane-container-apps-instant-worker.yaml"]) {
      expect(validateScale(compileContainerApps(loadExample(f)).scale), f).toEqual([]);
    }
  });

  it("render is deterministic (byte-identical JSON for the same policy)", () => {
    const p = loadExample("membrane-container-apps-instant-worker.yaml");
    const a = JSON.stringify(loadTarget("container-apps").render(p));
    const b = JSON.stringify(loadTarget("container-apps").render(loadExample("membrane-container-apps-instant-worker.yaml")));
    expect(a).toBe(b);
  });
});
