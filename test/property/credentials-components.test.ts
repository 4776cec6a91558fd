import * as pulumi from "@pulumi/pulumi";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { KubernetesScaling } from "../../src/components/kubernetes/scaling";
import { ScaledService } from "../../src/components/scaled-service";
import { PolicyError } from "../../src/policy";
import { installPulumiMocks, settled, type PulumiMockHarness } from "../../src/testing/pulumi";
import { SENTINEL } from "./arbitraries";

/**
 * Credentials reach resource inputs only as Pulumi secrets (issue 12), for every component input that takes
 * one, given as a plain string, as an Output and as a secret Output. The mock monitor receives a secret input
 * inside a `{ [specialSigKey]: specialSecretSig, value }` envelope (see test/components/container-apps.test.ts),
 * so the check walks every registered resource's inputs and reports the sentinel anywhere outside an envelope.
 */

const isEnvelope = (v: unknown): boolean => typeof v === "object" && v !== null && (v as Record<string, unknown>)[specialSigKey] === specialSecretSig;

/** Paths of the input tree where the sentinel appears outside a secret envelope. */
function plainLeaks(v: unknown, path = ""): string[] {
  if (isEnvelope(v)) return [];
  if (typeof v === "string") return v.includes(SENTINEL) ? [path || "/"] : [];
  if (Array.isArray(v)) return v.flatMap((x, i) => plainLeaks(x, `${path}/${i}`));
  if (v !== null && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => plainLeaks(x, `${path}/${k}`));
  return [];
}

/** Paths of secret envelopes holding the sentinel (the credential did arrive, as a secret). */
function secretHits(v: unknown, path = ""): string[] {
  if (isEnvelope(v)) return JSON.stringify((v as { value: unknown }).value ?? null).includes(SENTINEL) ? [path || "/"] : [];
  if (Array.isArray(v)) return v.flatMap((x, i) => secretHits(x, `${path}/${i}`));
  if (v !== null && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => secretHits(x, `${path}/${k}`));
  return [];
}

const FORMS: Array<[string, () => pulumi.Input<string>]> = [
  ["a plain string", () => SENTINEL],
  ["an Output", () => pulumi.output(SENTINEL)],
  ["a secret Output", () => pulumi.secret(SENTINEL)],
];

let mocks: PulumiMockHarness;
beforeAll(async () => {
  mocks = await installPulumiMocks();
});
beforeEach(() => mocks.reset());

async function registered() {
  await settled();
  const all = await mocks.all();
  return {
    leaks: all.flatMap((r) => plainLeaks(r.inputs).map((p) => `${r.type} ${r.name}${p}`)),
    // Where the credential reaches a provider resource (component inputs, stored as secrets, are not sent to a provider).
    secrets: all.filter((r) => r.custom).flatMap((r) => secretHits(r.inputs).map((p) => `${r.type}${p}`)),
  };
}

const kedaPolicy = (mode: "bearer" | "basic") => ({
  service: "worker",
  namespace: "jobs",
  scaling: {
    replicas: { min: 0, max: 5 },
    metrics: [{ queue: { jobsPerReplica: 5, from: { prometheus: { query: "sum(jobs)", serverAddress: "https://prom.example.com" } } } }],
    kubernetes: { prometheus: { auth: { mode } } },
  },
});

describe("credentials reach resource inputs only as Pulumi secrets", () => {
  describe.each(FORMS)("given as %s", (_form, credential) => {
    it.each([
      ["KubernetesScaling", "bearer"],
      ["KubernetesScaling", "basic"],
      ["ScaledService on Kubernetes", "bearer"],
      ["ScaledService on Kubernetes", "basic"],
    ] as const)("%s, Prometheus %s auth: only the Secret holds it, as a secret", async (component, mode) => {
      const creds = mode === "bearer" ? { bearerToken: credential() } : { username: "svc", password: credential() };
      if (component === "KubernetesScaling") new KubernetesScaling("worker", { policy: kedaPolicy(mode), prometheusCredentials: creds });
      else new ScaledService("worker", { platform: "kubernetes", policy: kedaPolicy(mode), workload: { image: "w:1", readinessProbe: { path: "/ready" } }, kubernetes: { prometheusCredentials: creds } });
      const { leaks, secrets } = await registered();
      expect(leaks).toEqual([]);
      expect(secrets).toEqual(["kubernetes:core/v1:Secret/stringData"]);
    });

    it("ScaledService on Container Apps: rule secrets go to configuration.secrets as secrets", async () => {
      new ScaledService("worker", {
        platform: "container-apps",
        policy: {
          service: "worker",
          scaling: {
            replicas: { min: 0, max: 5 },
            metrics: [{ queue: { jobsPerReplica: 5, from: { prometheus: { query: "sum(jobs)", serverAddress: "https://prom.example.com", auth: { mode: "bearer" } } } } }],
          },
        },
        workload: { image: "w:1", readinessProbe: { path: "/ready" } },
        containerApps: {
          resourceGroupName: "rg",
          managedEnvironmentId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.App/managedEnvironments/env",
          secrets: { "queue-prometheus-bearer-token": credential() },
        },
      });
      const { leaks, secrets } = await registered();
      expect(leaks).toEqual([]);
      expect(secrets).toEqual(["azure-native:app:ContainerApp/configuration"]);
    });
  });

  it.each([
    ["scaling.kubernetes.prometheus.serverAddress", { kubernetes: { prometheus: { serverAddress: `https://user:${SENTINEL}@prom.example.com` } } }, {}],
    ["a source's serverAddress", {}, { serverAddress: `https://:${SENTINEL}@prom.example.com` }],
  ])("a credential in %s is refused before anything is registered, and the message does not repeat it", async (_where, k8s, source) => {
    let err: unknown;
    try {
      new KubernetesScaling("worker", {
        policy: {
          service: "worker",
          scaling: {
            replicas: { min: 0, max: 5 },
            metrics: [{ queue: { jobsPerReplica: 5, from: { prometheus: { query: "sum(jobs)", ...source } } } }],
            ...(Object.keys(k8s).length > 0 ? k8s : { kubernetes: { prometheus: { serverAddress: "https://prom.example.com" } } }),
          },
        },
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PolicyError);
    expect(String((err as Error).message)).not.toContain(SENTINEL);
    expect(await mocks.all()).toEqual([]);
  });
});
