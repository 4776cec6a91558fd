import { CONTAINER_APPS_MAX_REPLICAS_LIMIT, SCALE_RULE_NAME_RE } from "../policy/platforms/container-apps";
import { INT32_MAX, int32Violations, kedaCronViolations, type ApiRule } from "./common";

/**
 * Container Apps `template.scale` rules the ARM `Scale` schema does not express
 * (Learn "Scaling in Azure Container Apps", PLATFORM-FACTS B5).
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export interface ContainerAppsDoc {
  scale: any;
  /** The environment's replica cap (`scaling.containerApps.maxReplicasLimit`). */
  maxReplicasLimit?: number;
}

export const CONTAINER_APPS_RULES: ReadonlyArray<ApiRule<ContainerAppsDoc>> = [
  {
    id: "aca.replicas",
    source: "Learn scale-app: minReplicas 0..limit, maxReplicas 1..limit (limit 1000 today), min <= max; int32 fields",
    check: ({ scale: s, maxReplicasLimit }) => {
      const limit = maxReplicasLimit ?? CONTAINER_APPS_MAX_REPLICAS_LIMIT;
      const out = int32Violations([["minReplicas", s.minReplicas], ["maxReplicas", s.maxReplicas, 1], ["cooldownPeriod", s.cooldownPeriod], ["pollingInterval", s.pollingInterval]]);
      if (s.maxReplicas > limit) out.push(`maxReplicas ${s.maxReplicas} is above the replica cap ${limit}`);
      if (s.minReplicas > s.maxReplicas) out.push(`minReplicas ${s.minReplicas} must be <= maxReplicas ${s.maxReplicas}`);
      return out;
    },
  },
  {
    id: "aca.rule-names",
    source: "ScaleRule.name: lower-case letters, digits and '-', starting with a letter, ending with a letter or digit; unique in the app",
    check: ({ scale: s }) => {
      const names: string[] = (s.rules ?? []).map((r: any) => r.name);
      const out = names.filter((n) => !(typeof n === "string" && SCALE_RULE_NAME_RE.test(n))).map((n) => `rule name ${JSON.stringify(n)} is invalid`);
      if (new Set(names).size !== names.length) out.push("rule names must be unique");
      return out;
    },
  },
  {
    id: "aca.rule-kind",
    source: "ARM ScaleRule: exactly one of http, tcp, azureQueue, custom; metadata values are strings",
    check: ({ scale: s }) =>
      (s.rules ?? []).flatMap((r: any, i: number) => {
        const kinds = ["http", "tcp", "azureQueue", "custom"].filter((k) => r[k] !== undefined);
        const out = kinds.length === 1 ? [] : [`rules/${i} has ${kinds.length} rule kinds`];
        const md = r[kinds[0] ?? "custom"]?.metadata ?? {};
        for (const [k, v] of Object.entries(md)) if (typeof v !== "string" || v === "") out.push(`rules/${i} metadata ${k} must be a non-empty string`);
        if (r.custom?.type === "cron") out.push(...kedaCronViolations(`rules/${i}/custom/metadata`, md));
        return out;
      }),
  },
  {
    id: "aca.http-concurrency",
    source: "Learn scale-app: http concurrentRequests is an integer >= 1",
    check: ({ scale: s }) =>
      (s.rules ?? []).flatMap((r: any, i: number) => {
        const v = r.http?.metadata?.concurrentRequests;
        return v === undefined || (/^[1-9]\d*$/.test(v) && Number(v) <= INT32_MAX) ? [] : [`rules/${i} http concurrentRequests ${JSON.stringify(v)} must be a whole number 1..${INT32_MAX}`];
      }),
  },
  {
    id: "aca.resource-rules",
    source: "Learn scale-app: cpu/memory rules cannot scale to 0; Utilization above 100 % is never reached (request = limit)",
    check: ({ scale: s }) => {
      const rules: any[] = s.rules ?? [];
      const resource = rules.filter((r) => r.custom?.type === "cpu" || r.custom?.type === "memory");
      const out = resource.filter((r) => Number(r.custom.metadata?.value) > 100 && r.custom.metadata?.type === "Utilization").map((r) => `rule ${r.name} utilization ${r.custom.metadata.value} is above 100`);
      if (s.minReplicas === 0 && rules.length > 0 && resource.length === rules.length) out.push("minReplicas 0 with only cpu/memory rules never wakes up");
      return out;
    },
  },
];
