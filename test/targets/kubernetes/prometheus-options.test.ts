import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { formatPath, parsePolicy } from "../../../src/policy";
import { compileKubernetes, type Manifest } from "../../../src/targets/kubernetes";
import { compileContainerApps } from "../../../src/targets/container-apps";
import { policyErrorOf } from "../../helpers/policy-error";
import { validateManifest } from "../../helpers/strict-schema";

/**
 * The KEDA prometheus trigger options (ignoreNullValues, namespace, customHeaders, queryParameters, unsafeSsl,
 * timeout) on every prometheus trigger: the `prometheus` metric kind and `from.prometheus`.
 */

const DOCS = join(__dirname, "..", "..", "fixtures", "keda-docs");
/** keda.sh/docs/2.18/scalers/prometheus, "Trigger Specification" (verbatim, test/fixtures/keda-docs/README.md). */
const docTrigger = (parse(readFileSync(join(DOCS, "prometheus.0.yaml"), "utf8")) as { triggers: Array<{ type: string; metadata: Record<string, string> }> }).triggers[0]!;
/** The doc's `http://<prometheus-host>:9090` is a placeholder, not a URL: the one host substituted. */
const SERVER = docTrigger.metadata.serverAddress!.replace("<prometheus-host>", "prometheus-host");

const kedaMap = (s: string) => Object.fromEntries(s.split(",").map((kv) => kv.split("=") as [string, string]));

/**
 * Metadata as KEDA reads it: thresholds are floats (compared separately, '100.50' is 100.5), and the map options
 * are Go maps (kedacore/keda scalersconfig setConfigValueMap), so their order is not part of the value.
 */
function comparable(m: Record<string, string>): Record<string, unknown> {
  const { threshold: _t, activationThreshold: _a, customHeaders, queryParameters, ...rest } = m;
  return { ...rest, customHeaders: customHeaders && kedaMap(customHeaders), queryParameters: queryParameters && kedaMap(queryParameters) };
}

function policy(metric: Record<string, unknown>, scaling: Record<string, unknown> = {}) {
  return parsePolicy({ service: "shop", namespace: "prod", scaling: { replicas: { min: 1, max: 10 }, metrics: [metric], ...scaling } });
}

function trigger(metric: Record<string, unknown>, scaling: Record<string, unknown> = {}): { metadata: Record<string, string>; so: Manifest; warnings: string[] } {
  const out = compileKubernetes(policy(metric, scaling));
  const so = out.manifests.find((m) => m.kind === "ScaledObject")!;
  const t = (so.spec!.triggers as Array<{ metadata: Record<string, string> }>)[0]!;
  return { metadata: t.metadata, so, warnings: out.warnings.map((w) => `${w.code} ${formatPath(w.path)}`) };
}

/** The doc's trigger written as a polyscale `prometheus` metric: every value taken from the doc. */
const docMetric = {
  prometheus: {
    query: docTrigger.metadata.query,
    target: Number(docTrigger.metadata.threshold),
    activationTarget: Number(docTrigger.metadata.activationThreshold),
    serverAddress: SERVER,
    namespace: docTrigger.metadata.namespace,
    customHeaders: kedaMap(docTrigger.metadata.customHeaders!),
    ignoreNullValues: docTrigger.metadata.ignoreNullValues === "true",
    queryParameters: kedaMap(docTrigger.metadata.queryParameters!),
    unsafeSsl: docTrigger.metadata.unsafeSsl === "true",
    timeout: Number(docTrigger.metadata.timeout),
  },
};

describe("golden: KEDA's prometheus trigger specification (keda.sh docs 2.18)", () => {
  it("renders the doc's trigger metadata: every option as the doc writes it", () => {
    const { metadata, so } = trigger(docMetric, { kubernetes: { engine: "keda" } });
    const expected: Record<string, string> = { ...docTrigger.metadata, serverAddress: SERVER };
    // KEDA parses threshold and activationThreshold as floats: '100.50' and 100.5 are the same value.
    expect(Number(metadata.threshold)).toBe(Number(expected.threshold));
    expect(Number(metadata.activationThreshold)).toBe(Number(expected.activationThreshold));
    expect(comparable(metadata)).toEqual(comparable(expected));
    expect(validateManifest(so)).toEqual([]);
  });

  it("the same options on from.prometheus of a queue metric land on its trigger", () => {
    const { metadata } = trigger({ queue: { jobsPerReplica: 5, from: { prometheus: { query: "sum(jobs)", serverAddress: SERVER, namespace: "team-a", customHeaders: { "X-Scope-OrgID": "team-a" }, queryParameters: { dedup: "true", partial_response: "false" }, unsafeSsl: true, timeout: 2500 } } } });
    expect(metadata).toMatchObject({ namespace: "team-a", customHeaders: "X-Scope-OrgID=team-a", queryParameters: "dedup=true,partial_response=false", unsafeSsl: "true", timeout: "2500" });
  });

  it("maps are written sorted, so the same policy always renders the same trigger", () => {
    const a = trigger({ prometheus: { query: "sum(up)", target: 1, serverAddress: SERVER, customHeaders: { "X-B": "2", "X-A": "1" } } }).metadata;
    expect(a.customHeaders).toBe("X-A=1,X-B=2");
  });
});

describe("ignoreNullValues on the prometheus kind, honoured as written", () => {
  const q = { query: "sum(up)", target: 1, serverAddress: SERVER };
  it("true and false are written as given; unset is left to KEDA (default true) without a fallback", () => {
    expect(trigger({ prometheus: { ...q, ignoreNullValues: true } }).metadata.ignoreNullValues).toBe("true");
    expect(trigger({ prometheus: { ...q, ignoreNullValues: false } }).metadata.ignoreNullValues).toBe("false");
    expect(trigger({ prometheus: q }).metadata.ignoreNullValues).toBeUndefined();
  });

  it("with a fallback, unset becomes false so an empty result triggers it", () => {
    const { metadata, warnings } = trigger({ prometheus: q }, { missingMetrics: { replicas: 4 } });
    expect(metadata.ignoreNullValues).toBe("false");
    expect(warnings.filter((w) => w.startsWith("ignore_null_values"))).toEqual([]);
  });

  it.each([
    ["prometheus kind", { prometheus: { ...q, ignoreNullValues: true } }, "scaling.metrics[0].prometheus.ignoreNullValues"],
    ["from.prometheus", { queue: { jobsPerReplica: 2, from: { prometheus: { query: "sum(jobs)", serverAddress: SERVER, ignoreNullValues: true } } } }, "scaling.metrics[0].queue.from.prometheus.ignoreNullValues"],
  ])("true with a fallback is kept and warned about (%s)", (_n, metric, path) => {
    for (const missingMetrics of [{ replicas: 4 }, "scaleUp", "hold"] as const) {
      const { metadata, warnings } = trigger(metric, { missingMetrics, kubernetes: { engine: "keda" } });
      expect(metadata.ignoreNullValues).toBe("true");
      expect(warnings).toContain(`ignore_null_values_disables_fallback ${path}`);
    }
  });

  it("the warning says what is lost and how to keep it", () => {
    const out = compileKubernetes(policy({ prometheus: { ...q, ignoreNullValues: true } }, { missingMetrics: { replicas: 4 } }));
    const w = out.warnings.find((x) => x.code === "ignore_null_values_disables_fallback")!;
    expect(w.severity).toBe("warning");
    expect(w.message).toMatch(/empty Prometheus result as 0.*set it to false/);
  });

  it("no warning without a fallback", () => {
    expect(trigger({ prometheus: { ...q, ignoreNullValues: true } }).warnings.filter((w) => w.startsWith("ignore_null"))).toEqual([]);
  });
});

describe("engines and versions that cannot honour an option refuse it at its path", () => {
  it("the HPA engine reads from.prometheus.series through prometheus-adapter, which has none of the options", () => {
    const e = policyErrorOf(() => compileKubernetes(policy(
      { requestRate: { perReplica: 50, from: { prometheus: { series: "http_requests_total", query: "sum(rate(http_requests_total[2m]))", ignoreNullValues: false, timeout: 500 } } } },
      { kubernetes: { engine: "hpa" } },
    )));
    expect(e.issues.map((i) => formatPath(i.path))).toEqual([
      "scaling.metrics[0].requestRate.from.prometheus.ignoreNullValues",
      "scaling.metrics[0].requestRate.from.prometheus.timeout",
    ]);
    expect(e.issues[0]!.message).toMatch(/engine is hpa.*prometheus-adapter.*engine: keda/);
  });

  it.each([
    ["timeout", { timeout: 1000 }, "2.16", /needs KEDA >= 2\.17.*2\.16/],
    ["customHeaders", { customHeaders: { "X-Scope-OrgID": "a" } }, "2.9", /needs KEDA >= 2\.10.*2\.9/],
  ])("%s on an older KEDA is refused (it would be ignored)", (option, extra, kedaVersion, message) => {
    const e = policyErrorOf(() => compileKubernetes(policy({ prometheus: { query: "sum(up)", target: 1, serverAddress: SERVER, ...extra } }, { kubernetes: { cluster: { kedaVersion } } })));
    expect(e.issues.map((i) => formatPath(i.path))).toEqual([`scaling.metrics[0].prometheus.${option}`]);
    expect(e.issues[0]!.message).toMatch(message);
  });

  it("the versions that read them accept them", () => {
    expect(trigger({ prometheus: { query: "sum(up)", target: 1, serverAddress: SERVER, timeout: 1000 } }, { kubernetes: { cluster: { kedaVersion: "2.17" } } }).metadata.timeout).toBe("1000");
  });
});

describe("refused when the policy loads, one issue per problem at its path", () => {
  const base = { query: "sum(up)", target: 1, serverAddress: SERVER };
  it.each([
    ["a credential header", { customHeaders: { Authorization: "Bearer x" } }, "customHeaders.Authorization", /credential header.*auth/],
    ["an API key header", { customHeaders: { "X-Api-Key": "x" } }, "customHeaders.X-Api-Key", /credential header/],
    ["a header name with a space", { customHeaders: { "X Tenant": "a" } }, "customHeaders.X Tenant", /HTTP header name/],
    ["',' in a header value (KEDA's list separator)", { customHeaders: { "X-Tenant": "a,b" } }, "customHeaders.X-Tenant", /no ',' or '='/],
    ["'=' in a parameter value", { queryParameters: { match: "a=b" } }, "queryParameters.match", /no ',' or '='/],
    ["space around a value (KEDA trims it)", { queryParameters: { dedup: " true" } }, "queryParameters.dedup", /no space at either end/],
    ["a token parameter", { queryParameters: { access_token: "x" } }, "queryParameters.access_token", /credential/],
    ["the query parameter KEDA writes", { queryParameters: { query: "up" } }, "queryParameters.query", /KEDA sets it on the query URL/],
    ["namespace as a parameter", { queryParameters: { namespace: "a" } }, "queryParameters.namespace", /`namespace` option/],
    ["timeout 0", { timeout: 0 }, "timeout", /at least 1 millisecond/],
    ["a fractional timeout", { timeout: 1.5 }, "timeout", /whole number/],
    ["a namespace that is not a DNS-1123 label", { namespace: "Team_A" }, "namespace", /DNS-1123 label/],
    ["ignoreNullValues as a string", { ignoreNullValues: "false" }, "ignoreNullValues", /must be true or false/],
  ])("%s", (_n, extra, path, message) => {
    const e = policyErrorOf(() => policy({ prometheus: { ...base, ...extra } }));
    expect(e.issues.map((i) => formatPath(i.path))).toEqual([`scaling.metrics[0].prometheus.${path}`]);
    expect(e.issues[0]!.message).toMatch(message);
  });

  it("a credential value is never echoed", () => {
    const e = policyErrorOf(() => policy({ prometheus: { ...base, customHeaders: { Authorization: "Bearer SECRET123" } } }));
    expect(e.message).not.toContain("SECRET123");
  });
});

describe("Container Apps carries the options on its prometheus custom rules", () => {
  const caPolicy = (metric: Record<string, unknown>) =>
    parsePolicy({ service: "shop", namespace: "prod", scaling: { replicas: { min: 0, max: 10 }, metrics: [metric] } });

  it("the prometheus kind and from.prometheus render them like KEDA", () => {
    const out = compileContainerApps(caPolicy(docMetric));
    const rule = out.scale.rules![0]!;
    const { metricName: _m, ...metadata } = rule.custom!.metadata as Record<string, string>;
    expect(comparable(metadata)).toEqual(comparable({ ...docTrigger.metadata, serverAddress: SERVER }));
    const q = compileContainerApps(caPolicy({ queue: { jobsPerReplica: 5, from: { prometheus: { query: "sum(jobs)", serverAddress: SERVER, ignoreNullValues: false, namespace: "team-a" } } } }));
    expect(q.scale.rules![0]!.custom!.metadata).toMatchObject({ ignoreNullValues: "false", namespace: "team-a" });
  });

  it("timeout is written with a warning: the KEDA version of Container Apps is not known", () => {
    const out = compileContainerApps(caPolicy(docMetric));
    const w = out.warnings.find((x) => x.code === "keda_version_unknown");
    expect(w && formatPath(w.path)).toBe("scaling.metrics[0].prometheus.timeout");
    expect(w!.message).toMatch(/needs KEDA >= 2\.17/);
  });
});
