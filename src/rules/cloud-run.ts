import { CLOUD_RUN_CONCURRENCY, CLOUD_RUN_CPU, CLOUD_RUN_DEFAULTS, cloudRunMemoryBounds } from "../policy/platforms/cloud-run";
import { quantityValue } from "../policy/units";
import { int32Violations, type ApiRule } from "./common";
import { isCloudRunServiceName } from "./names";

/**
 * Cloud Run v2 service rules the REST schema does not express (PLATFORM-FACTS B6:
 * https://cloud.google.com/run/docs/about-concurrency, /configuring/services/cpu, /configuring/services/memory-limits).
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export interface CloudRunDoc {
  /** `cloudrunv2.ServiceArgs`-shaped args. */
  args: any;
  /** `scaling.cloudRun.maxInstanceLimit` (the project's max-instances quota). */
  maxInstanceLimit?: number;
}

const cpuOf = (args: any): number | undefined => quantityValue(String(args.template?.containers?.[0]?.resources?.limits?.cpu ?? CLOUD_RUN_DEFAULTS.cpu));

export const CLOUD_RUN_RULES: ReadonlyArray<ApiRule<CloudRunDoc>> = [
  {
    id: "cloudrun.service-name",
    source: "Cloud Run field violation on metadata.name: letters, digits and '-', beginning with a letter, not ending with '-', at most 63 (jamesward/cloud-run-button#4)",
    check: ({ args: a }) => (typeof a.name === "string" && isCloudRunServiceName(a.name) ? [] : [`name ${JSON.stringify(a.name)} is not a Cloud Run service name`]),
  },
  {
    id: "cloudrun.instances",
    source: "ServiceScaling / RevisionScaling min/maxInstanceCount int32, min <= max, max <= the max-instances limit (default 100)",
    check: ({ args: a, maxInstanceLimit }) => {
      const out = int32Violations([
        ["scaling.minInstanceCount", a.scaling?.minInstanceCount],
        ["scaling.maxInstanceCount", a.scaling?.maxInstanceCount],
        ["template.scaling.minInstanceCount", a.template?.scaling?.minInstanceCount],
        ["template.scaling.maxInstanceCount", a.template?.scaling?.maxInstanceCount],
      ]);
      for (const [p, s] of [["scaling", a.scaling], ["template.scaling", a.template?.scaling]] as const) {
        if (s && s.minInstanceCount > s.maxInstanceCount) out.push(`${p}.minInstanceCount must be <= maxInstanceCount`);
        if (s && s.maxInstanceCount > (maxInstanceLimit ?? CLOUD_RUN_DEFAULTS.maxInstanceLimit)) out.push(`${p}.maxInstanceCount ${s.maxInstanceCount} is above the max-instances limit`);
      }
      return out;
    },
  },
  {
    id: "cloudrun.concurrency",
    source: "about-concurrency: maxInstanceRequestConcurrency 1..1000; below 1 vCPU it must be 1",
    check: ({ args: a }) => {
      const c = a.template?.maxInstanceRequestConcurrency;
      const out = Number.isInteger(c) && c >= CLOUD_RUN_CONCURRENCY.min && c <= CLOUD_RUN_CONCURRENCY.max ? [] : [`maxInstanceRequestConcurrency ${c} must be 1..1000`];
      const cpu = cpuOf(a);
      if (cpu !== undefined && cpu < 1 && c !== 1) out.push(`maxInstanceRequestConcurrency must be 1 below 1 vCPU (cpu ${cpu})`);
      return out;
    },
  },
  {
    id: "cloudrun.cpu-memory",
    source: "configuring/services/cpu and memory-limits: cpu 0.08..8, whole 1/2/4/6/8 from 1 up; below 1 vCPU cpuIdle true and the first-generation environment; memory per cpu table, >= 128Mi",
    check: ({ args: a }) => {
      const res = a.template?.containers?.[0]?.resources ?? {};
      const cpu = cpuOf(a);
      const out: string[] = [];
      if (cpu === undefined || cpu < CLOUD_RUN_CPU.min || cpu > CLOUD_RUN_CPU.max || (cpu >= 1 && !CLOUD_RUN_CPU.wholeValues.includes(cpu))) return [`cpu ${JSON.stringify(res.limits?.cpu)} is not a Cloud Run CPU`];
      if (cpu < 1 && res.cpuIdle !== true) out.push("cpuIdle must be true below 1 vCPU");
      if (cpu < 1 && a.template?.executionEnvironment !== "EXECUTION_ENVIRONMENT_GEN1") out.push("executionEnvironment must be GEN1 below 1 vCPU");
      const mem = quantityValue(String(res.limits?.memory ?? CLOUD_RUN_DEFAULTS.memory));
      const b = cloudRunMemoryBounds(cpu);
      if (mem === undefined || mem < b.min || mem > b.max) out.push(`memory ${JSON.stringify(res.limits?.memory)} is outside ${b.rule}`);
      return out;
    },
  },
];
