import { z } from "zod";
import { int32, numberString, quantityValue } from "../units";
import { expected, quote } from "../messages";
import { dns1123Label } from "../kubernetes-names";

/**
 * Cloud Run-only knobs (`@pulumi/gcp` `cloudrunv2.Service`, Cloud Run Admin API v2).
 *
 * Limits (PLATFORM-FACTS B6; https://cloud.google.com/run/docs/configuring/services/cpu,
 * https://cloud.google.com/run/docs/configuring/services/memory-limits,
 * https://cloud.google.com/run/docs/about-concurrency,
 * https://cloud.google.com/run/docs/configuring/max-instances-limits):
 * - `maxInstanceRequestConcurrency` 1..1000;
 * - CPU 0.08..8 vCPU; at 1 vCPU and above only 1, 2, 4, 6 or 8 (the provider's `limits` doc);
 *   below 1 vCPU: concurrency must be 1 and CPU throttling on (request-based billing);
 * - memory per CPU: < 1 vCPU ≤ 1 GiB, 1 ≤ 4 GiB, 2 ≤ 8 GiB, 4: 2–16 GiB, 6: 4–24 GiB, 8: 4–32 GiB;
 *   at least 128 MiB;
 * - max instances: default limit 100 (raise `maxInstanceLimit` after a quota increase).
 */

export const CLOUD_RUN_CONCURRENCY = { min: 1, max: 1000 } as const;
export const CLOUD_RUN_CPU = { min: 0.08, max: 8, wholeValues: [1, 2, 4, 6, 8] as readonly number[] } as const;
/** Cloud Run's defaults when a field is not set (emitted explicitly so `pulumi preview` shows no drift). */
export const CLOUD_RUN_DEFAULTS = { cpu: "1", memory: "512Mi", maxInstanceLimit: 100 } as const;
export const CLOUD_RUN_MIN_MEMORY_BYTES = 128 * 2 ** 20;

const GiB = 2 ** 30;

/** Memory bounds (bytes) for a CPU value, from the Cloud Run CPU/memory table (PLATFORM-FACTS B6). */
export function cloudRunMemoryBounds(cpu: number): { min: number; max: number; rule: string } {
  if (cpu < 1) return { min: CLOUD_RUN_MIN_MEMORY_BYTES, max: 1 * GiB, rule: "below 1 vCPU: at most 1Gi" };
  if (cpu === 1) return { min: CLOUD_RUN_MIN_MEMORY_BYTES, max: 4 * GiB, rule: "1 vCPU: at most 4Gi" };
  if (cpu === 2) return { min: CLOUD_RUN_MIN_MEMORY_BYTES, max: 8 * GiB, rule: "2 vCPU: at most 8Gi" };
  if (cpu === 4) return { min: 2 * GiB, max: 16 * GiB, rule: "4 vCPU: 2Gi to 16Gi" };
  if (cpu === 6) return { min: 4 * GiB, max: 24 * GiB, rule: "6 vCPU: 4Gi to 24Gi" };
  return { min: 4 * GiB, max: 32 * GiB, rule: "8 vCPU: 4Gi to 32Gi" };
}

/** CPU as vCPU: a number (`0.5`, `2`) or a Kubernetes quantity string (`"500m"`, `"2"`). */
const Cpu = z
  .union([z.number(), z.string().max(64)], expected('a number of vCPU (0.08..8) or a quantity like "500m"'))
  .transform((raw, ctx) => {
    const v = typeof raw === "number" ? raw : quantityValue(raw.trim());
    if (v === undefined || !Number.isFinite(v)) {
      ctx.issues.push({ code: "custom", message: `must be a number of vCPU (0.08..8) or a quantity like "500m", got ${quote(raw)}`, input: raw });
      return z.NEVER;
    }
    if (v < CLOUD_RUN_CPU.min || v > CLOUD_RUN_CPU.max) {
      ctx.issues.push({ code: "custom", message: `must be between 0.08 and 8 vCPU (Cloud Run limit), got ${quote(raw)}`, input: raw });
      return z.NEVER;
    }
    if (v >= 1 && !CLOUD_RUN_CPU.wholeValues.includes(v)) {
      ctx.issues.push({ code: "custom", message: `must be below 1 vCPU or one of 1, 2, 4, 6, 8 (values above 1 must be whole and Cloud Run offers only these), got ${quote(raw)}`, input: raw });
      return z.NEVER;
    }
    return v;
  });

/** Memory as a Kubernetes quantity (`512Mi`, `2Gi`); the user's spelling is what Cloud Run receives. */
const Memory = z
  .string(expected('a memory quantity like "512Mi" or "2Gi"'))
  .max(64)
  .transform((raw, ctx) => {
    const text = raw.trim();
    const v = quantityValue(text);
    if (v === undefined || !Number.isInteger(v) || v <= 0) {
      ctx.issues.push({ code: "custom", message: `must be a memory quantity in whole bytes like "512Mi" or "2Gi", got ${quote(raw)}`, input: raw });
      return z.NEVER;
    }
    return text;
  });

const concurrency = z
  .number(expected("a whole number of requests (1..1000)"))
  .int(expected("a whole number of requests (1..1000)"))
  .min(CLOUD_RUN_CONCURRENCY.min, expected("Cloud Run maxInstanceRequestConcurrency is 1..1000"))
  .max(CLOUD_RUN_CONCURRENCY.max, expected("Cloud Run maxInstanceRequestConcurrency is 1..1000"));

const dnsLabel = dns1123Label("container name");

export const CloudRunOptions = z
  .strictObject({
    /**
     * `template.maxInstanceRequestConcurrency` as is (gcloud `--concurrency`, 1..1000): the hard cap of
     * requests one instance receives. Without it, it is derived from an `inFlight` metric
     * (Cloud Run aims at 60 % of it: concurrency = ceil(perReplica / 0.6)), else Cloud Run's default
     * (80 at 1 vCPU or more, 1 below) is emitted explicitly.
     */
    concurrency: concurrency.optional(),
    /** vCPU per instance (`resources.limits.cpu`, gcloud `--cpu`). @default 1 */
    cpu: Cpu.optional(),
    /** Memory per instance (`resources.limits.memory`, gcloud `--memory`). @default 512Mi */
    memory: Memory.optional(),
    /**
     * CPU is only allocated during requests: `resources.cpuIdle: true` (gcloud `--cpu-throttling`,
     * request-based billing). `false` = gcloud `--no-cpu-throttling` (instance-based billing).
     * @default true (Cloud Run's default; emitted explicitly because the API needs it once `resources` is set)
     */
    cpuThrottling: z.boolean().optional(),
    /** `resources.startupCpuBoost` (gcloud `--cpu-boost`). @default false */
    startupCpuBoost: z.boolean().optional(),
    /** Container image; the component's `image` input wins. Without either, `render` leaves `image` for you to merge. */
    image: z.string().min(1).max(4096).optional(),
    /** Container name. @default the service name */
    containerName: dnsLabel.optional(),
    /**
     * The highest `replicas.max` allowed (Cloud Run's max-instances limit: 100 by default; raise it
     * here after a quota increase).
     * @default 100
     */
    maxInstanceLimit: int32(1).default(CLOUD_RUN_DEFAULTS.maxInstanceLimit),
    /**
     * Mean request latency assumed to turn a `requestRate` metric into concurrency (Little's law:
     * in-flight = rate × latency). Without it, `requestRate` is refused on Cloud Run.
     */
    assumedLatency: z
      .union([z.number(), z.string().max(64)], expected('a latency like "250ms" or "1.5s" (or seconds as a number)'))
      .transform((raw, ctx) => {
        const m = typeof raw === "string" ? /^(\d+(?:\.\d+)?)(ms|s)$/.exec(raw.trim()) : null;
        const seconds = typeof raw === "number" ? raw : m ? Number(m[1]) / (m[2] === "ms" ? 1000 : 1) : NaN;
        if (!(seconds > 0) || !Number.isFinite(seconds)) {
          ctx.issues.push({ code: "custom", message: `must be a latency above 0 like "250ms" or "1.5s" (or seconds as a number), got ${quote(raw)}`, input: raw });
          return z.NEVER;
        }
        return seconds;
      })
      .optional(),
    /**
     * Cloud Run's scale-up / scale-down pacing is not configurable. By default `scaling.scaleUp` /
     * `scaling.scaleDown` are refused on Cloud Run; `true` accepts them with a warning (for policies
     * shared with other platforms).
     */
    ignoreScaleRules: z.boolean().default(false),
  })
  .superRefine((o, ctx) => {
    const cpu = o.cpu ?? Number(CLOUD_RUN_DEFAULTS.cpu);
    if (cpu < 1) {
      if (o.concurrency !== undefined && o.concurrency !== 1) {
        ctx.addIssue({ code: "custom", path: ["concurrency"], message: `must be 1 when cpu is below 1 vCPU (cpu ${numberString(cpu)}), got ${o.concurrency}`, input: o.concurrency });
      }
      if (o.cpuThrottling === false) {
        ctx.addIssue({ code: "custom", path: ["cpuThrottling"], message: `must be true (request-based billing) when cpu is below 1 vCPU (cpu ${numberString(cpu)}), got false`, input: false });
      }
    }
    const mem = o.memory !== undefined ? quantityValue(o.memory)! : undefined;
    if (mem !== undefined) {
      const b = cloudRunMemoryBounds(cpu);
      if (mem < b.min || mem > b.max) {
        ctx.addIssue({
          code: "custom",
          path: ["memory"],
          message: `${quote(o.memory)} is outside the Cloud Run memory range for ${numberString(cpu)} vCPU${o.cpu === undefined ? " (the default)" : ""} (${b.rule}, at least 128Mi)`,
          input: o.memory,
        });
      }
    } else if (cpu >= 4) {
      ctx.addIssue({ code: "custom", path: ["memory"], message: `is required with cpu ${numberString(cpu)}: the default 512Mi is below the Cloud Run minimum (${cloudRunMemoryBounds(cpu).rule})`, input: undefined });
    }
  });
export type CloudRunOptions = z.infer<typeof CloudRunOptions>;
export type CloudRunOptionsInput = z.input<typeof CloudRunOptions>;
