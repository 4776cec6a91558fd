import { describe, expect, it } from "vitest";
import { formatPath, parsePolicy } from "../../src/policy";
import { policyErrorOf } from "../helpers/policy-error";

/**
 * A URL that carries a credential (`user:password@`, a token as the user, or a token query parameter) is refused
 * when the policy loads, at its own field path, on every field that is copied into a manifest as a URL: it would
 * be plain text in KEDA trigger or Container Apps rule metadata. The message never repeats the secret.
 */

const SERVER_FIELDS: Array<[string, (url: string) => Record<string, unknown>, string]> = [
  ["scaling.kubernetes.prometheus.serverAddress", (url) => ({ kubernetes: { prometheus: { serverAddress: url } }, metrics: [{ cpu: { utilization: 60 } }] }), "scaling.kubernetes.prometheus.serverAddress"],
  ["the prometheus kind", (url) => ({ metrics: [{ prometheus: { query: "sum(up)", target: 1, serverAddress: url } }] }), "scaling.metrics[0].prometheus.serverAddress"],
  ["requestRate from.prometheus", (url) => ({ metrics: [{ requestRate: { perReplica: 10, from: { prometheus: { query: "sum(rate(x[2m]))", serverAddress: url } } } }] }), "scaling.metrics[0].requestRate.from.prometheus.serverAddress"],
  ["inFlight from.prometheus", (url) => ({ metrics: [{ inFlight: { perReplica: 10, from: { prometheus: { query: "sum(x)", serverAddress: url } } } }] }), "scaling.metrics[0].inFlight.from.prometheus.serverAddress"],
  ["queue from.prometheus", (url) => ({ metrics: [{ queue: { jobsPerReplica: 5, from: { prometheus: { query: "sum(x)", serverAddress: url } } } }] }), "scaling.metrics[0].queue.from.prometheus.serverAddress"],
  ["replicasRequired from.prometheus", (url) => ({ metrics: [{ replicasRequired: { from: { prometheus: { query: "sum(x)", serverAddress: url } } } }] }), "scaling.metrics[0].replicasRequired.from.prometheus.serverAddress"],
  ["the prometheus kind with every trigger option", (url) => ({ metrics: [{ prometheus: { query: "sum(up)", target: 1, serverAddress: url, namespace: "a", customHeaders: { "X-Scope-OrgID": "a" }, queryParameters: { dedup: "true" }, unsafeSsl: false, timeout: 100, ignoreNullValues: false } }] }), "scaling.metrics[0].prometheus.serverAddress"],
];

const CREDENTIAL_URLS: Array<[string, string]> = [
  ["user:password@", "http://admin:S3CRETVALUE@prometheus.monitoring:9090"],
  ["a token as the user", "https://S3CRETVALUE@prometheus.example.com"],
  ["a token query parameter", "https://prometheus.example.com/?access_token=S3CRETVALUE"],
];

describe("every serverAddress field refuses a URL with credentials, at its path, without echoing them", () => {
  for (const [field, scaling, path] of SERVER_FIELDS) {
    it.each(CREDENTIAL_URLS)(`${field}: %s`, (_n, url) => {
      const e = policyErrorOf(() => parsePolicy({ service: "shop", scaling: { replicas: { min: 1, max: 5 }, ...scaling(url) } }));
      expect(e.issues.map((i) => formatPath(i.path))).toEqual([path]);
      expect(e.issues[0]!.message).toMatch(/must not contain credentials/);
      expect(e.message).not.toContain("S3CRETVALUE");
    });

    it(`${field}: the same URL without credentials loads`, () => {
      expect(() => parsePolicy({ service: "shop", scaling: { replicas: { min: 1, max: 5 }, ...scaling("https://prometheus.example.com:9090/select/0/prometheus") } })).not.toThrow();
    });
  }
});
