import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, parseAllDocuments } from "yaml";

export const SEED_DIR = join(__dirname, "..", "fixtures", "seeds");
export const EXAMPLES_DIR = join(__dirname, "..", "..", "examples");

export function seedText(name: string): string {
  return readFileSync(join(SEED_DIR, name), "utf8");
}

/** Every fenced ```yaml block of a markdown seed, parsed. */
export function fencedYamlBlocks(markdown: string): unknown[] {
  const out: unknown[] = [];
  const re = /```ya?ml[^\n]*\n([\s\S]*?)```/g;
  for (let m = re.exec(markdown); m; m = re.exec(markdown)) {
    for (const doc of parseAllDocuments(dedent(m[1]!))) out.push(doc.toJS());
  }
  return out;
}

/**
 * A YAML block that the seed prints without a fence: from the line after `marker` up to the first
 * blank line (the io-bound seed prints its manifests this way).
 */
export function unfencedYamlAfter(markdown: string, marker: string): any {
  const lines = markdown.split("\n");
  const start = lines.findIndex((l) => l.includes(marker));
  if (start < 0) throw new Error(`marker ${JSON.stringify(marker)} not found in seed`);
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === "") break;
    body.push(line);
  }
  return parse(body.join("\n"));
}

export function dedent(text: string): string {
  const lines = text.split("\n");
  const indents = lines.filter((l) => l.trim() !== "").map((l) => /^ */.exec(l)![0].length);
  const n = Math.min(...indents);
  return lines.map((l) => l.slice(n)).join("\n");
}

/** Find one manifest among parsed blocks by kind and metadata.name. */
export function manifestNamed(blocks: unknown[], kind: string, name: string): any {
  const found = blocks.find((b: any) => b && b.kind === kind && b.metadata?.name === name);
  if (!found) throw new Error(`seed has no ${kind} ${name}`);
  return found;
}

/**
 * What the API server stores for an autoscaling/v2 HPA the seed applies: kubernetes
 * pkg/apis/autoscaling/v2/defaults.go (SetDefaults_HorizontalPodAutoscaler and
 * SetDefaults_HorizontalPodAutoscalerBehavior / GenerateHPAScaleUpRules / GenerateHPAScaleDownRules).
 * Applied to the seed's manifest to get the expected object, since polyscale emits these defaults
 * explicitly to avoid perpetual diffs.
 */
export function applyHpaServerDefaults(hpa: any): any {
  const out = structuredClone(hpa);
  const spec = out.spec;
  if (spec.minReplicas === undefined) spec.minReplicas = 1;
  if (spec.metrics === undefined) {
    spec.metrics = [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }];
  }
  if (spec.behavior !== undefined) {
    const up = spec.behavior.scaleUp ?? {};
    spec.behavior.scaleUp = {
      stabilizationWindowSeconds: up.stabilizationWindowSeconds ?? 0,
      policies: up.policies ?? [
        { type: "Pods", value: 4, periodSeconds: 15 },
        { type: "Percent", value: 100, periodSeconds: 15 },
      ],
      selectPolicy: up.selectPolicy ?? "Max",
    };
    const down = spec.behavior.scaleDown ?? {};
    spec.behavior.scaleDown = {
      // Left nil by defaults.go; the controller then uses --horizontal-pod-autoscaler-downscale-stabilization (300s).
      ...(down.stabilizationWindowSeconds !== undefined ? { stabilizationWindowSeconds: down.stabilizationWindowSeconds } : {}),
      policies: down.policies ?? [{ type: "Percent", value: 100, periodSeconds: 15 }],
      selectPolicy: down.selectPolicy ?? "Max",
    };
  }
  return out;
}

/** Quantities in the seeds are strings ("5"); YAML block scalars end with a newline. */
export function normalizeQuery(q: string): string {
  return q.trim().replace(/\s+/g, " ");
}
