/**
 * The chart, the comparison and the summary's overshoot note: the SVG is parsed as XML and checked for its
 * parts (axes with ticks and units, legend, series, replica bounds, target, offered load).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runSimulateCommand } from "../../src/cli/simulate";
import { parsePolicy } from "../../src/policy/load";
import { formatSummary, niceTicks, renderSvg, simulate, summarize, type Trace } from "../../src/simulate";
import { expectReachesReplicas } from "../../src/testing/simulate";

const riderApi = {
  service: "rider-api",
  scaling: {
    replicas: { min: 3, max: 50 },
    metrics: [{ requestRate: { perReplica: 500, from: { prometheus: { series: "http_server_requests_seconds_count" } } } }],
    containerApps: { unsupportedBehavior: "warn" },
  },
};
const surge: Trace = [{ t: 0, rps: 1000 }, { t: 300, rps: 10000 }, { t: 1800, rps: 2000 }, { t: 3600, rps: 2000 }];

type Node = Record<string, unknown>;
/** Every element named `tag` anywhere under `node` (fast-xml-parser's preserveOrder-free tree). */
function all(node: unknown, tag: string, out: Node[] = []): Node[] {
  if (Array.isArray(node)) for (const n of node) all(n, tag, out);
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node as Node)) {
      if (k === tag) for (const e of Array.isArray(v) ? v : [v]) out.push(e as Node);
      all(v, tag, out);
    }
  }
  return out;
}
const texts = (tree: unknown) => all(tree, "text").map((t) => String(typeof t === "object" ? (t["#text"] ?? "") : t));
const ids = (tree: unknown, tag: string) => all(tree, tag).map((e) => e["@_id"]).filter((x): x is string => typeof x === "string");
const parse = (svg: string) => {
  expect(XMLValidator.validate(svg)).toBe(true);
  return new XMLParser({ ignoreAttributes: false }).parse(svg) as Node;
};

describe("renderSvg", () => {
  const policy = parsePolicy(riderApi);
  const one = simulate(policy, surge, { platform: "kubernetes" });

  it("draws axes with ticks and units, the offered load, min / max lines, the target and a legend", () => {
    const tree = parse(renderSvg(one));
    const t = texts(tree);
    // axes: replicas (left), offered load (right), metric; time in minutes for a one-hour trace
    expect(ids(tree, "g")).toEqual(expect.arrayContaining(["replicas-axis", "load-axis", "metric-axis", "legend"]));
    expect(t).toContain("replicas");
    expect(t).toContain("offered load (req/s)");
    expect(t).toContain("time (min)");
    expect(t).toContain("requestRate per ready replica (rps)");
    // replica ticks reach max 50; time ticks span the hour
    for (const tick of ["0", "10", "20", "30", "40", "50", "60"]) expect(t).toContain(tick);
    expect(t).toContain("10k");
    // series and reference lines
    expect(ids(tree, "path")).toEqual(expect.arrayContaining(["series-load", "series-desired-kubernetes", "series-ready", "series-metric-kubernetes"]));
    expect(ids(tree, "line")).toEqual(expect.arrayContaining(["bound-min", "bound-max", "series-target"]));
    expect(t).toEqual(expect.arrayContaining(["min 3", "max 50", "target 500"]));
    // legend entries
    expect(t).toEqual(expect.arrayContaining(["desired replicas", "ready replicas", "min / max replicas", "offered load (req/s)", "requestRate target"]));
  });

  it("overlays several platforms: one desired-replicas series and one legend entry per platform", () => {
    const rs = (["kubernetes", "container-apps"] as const).map((platform) => simulate(policy, surge, { platform }));
    const tree = parse(renderSvg(rs));
    expect(ids(tree, "path")).toEqual(expect.arrayContaining(["series-desired-kubernetes", "series-desired-container-apps", "series-metric-container-apps"]));
    expect(ids(tree, "path")).not.toContain("series-ready");
    expect(texts(tree)).toEqual(expect.arrayContaining(["kubernetes", "container-apps (approx.)", "rider-api: kubernetes vs container-apps"]));
  });

  it("niceTicks: 1 / 2 / 2.5 / 5 steps covering the maximum", () => {
    expect(niceTicks(50)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(niceTicks(28)).toEqual([0, 10, 20, 30]);
    expect(niceTicks(1.2, 4)).toEqual([0, 0.5, 1, 1.5]);
  });
});

describe("summary: overshoot, and assertions that can never pass", () => {
  const policy = parsePolicy(riderApi);

  it("names the peak above what the load needed, with the rate window and the start-up delay as likely causes", () => {
    const r = simulate(policy, surge, { platform: "kubernetes" });
    const s = summarize(r);
    // 10 000 rps / 500 per replica = 20 replicas needed at the peak
    expect(s.peakNeeded).toBe(20);
    expect(s.peakReplicas).toBeGreaterThan(20);
    expect(s.overshoot!.replicas).toBe(s.peakReplicas - 20);
    const text = formatSummary(r);
    expect(text).toMatch(/overshoot: peak \d+ replicas, \d+ above the 20 the load needed at its peak/);
    expect(text).toMatch(/likely cause: requestRate is read averaged over 120s/);
    expect(text).toMatch(/likely cause: new replicas take 22s to become ready/);
    // the HPA's conditions after the last decision, as `kubectl describe hpa` lists them
    const last = r.decisions[r.decisions.length - 1]!;
    expect(text).toContain(`conditions after ${last.t}s:`);
    for (const c of last.conditions!) expect(text).toMatch(new RegExp(`${c.type} +${c.status} +${c.reason} +${c.message.replace(/[()]/g, "\\$&")}`));
  });

  it("no overshoot note when the peak is what the load needed (no window, instant start-up)", () => {
    const r = simulate(policy, surge, { platform: "kubernetes", model: { pendingSeconds: 0, startupSeconds: 0, metricWindow: 0 } });
    expect(summarize(r).overshoot).toBeUndefined();
    expect(formatSummary(r)).not.toMatch(/overshoot/);
  });

  it("expectReachesReplicas above replicas.max says it can never pass", () => {
    expect(() => expectReachesReplicas(riderApi, surge, { replicas: 60, within: "10m" })).toThrow(/60 ready replicas, which can never pass: replicas.max is 50/);
  });
});

describe("polyscale simulate --compare", () => {
  afterEach(() => vi.restoreAllMocks());

  it("overlays the platforms that compile the policy in one summary and chart, and names those that do not", async () => {
    const dir = mkdtempSync(join(tmpdir(), "polyscale-compare-"));
    const file = join(dir, "policy.json");
    writeFileSync(file, JSON.stringify(riderApi));
    const trace = join(dir, "trace.csv");
    writeFileSync(trace, "t,rps\n0,1000\n300,10000\n1800,2000\n3600,2000\n");
    const svg = join(dir, "compare.svg");
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s) };
    expect(await runSimulateCommand({ file, compare: ["kubernetes", "ecs", "container-apps", "cloud-run"], trace, svg }, io)).toBe(0);
    const text = out.join("");
    expect(text).toMatch(/rider-api: 2 platforms on the same trace/);
    expect(text).toMatch(/kubernetes +first scale-up at \d+s/);
    expect(text).toMatch(/container-apps +first scale-up at \d+s/);
    expect(text).toMatch(/\(first\)/);
    // ECS needs a cluster and a CloudWatch source, Cloud Run cannot read a request rate without an assumed latency
    expect(err.join("")).toMatch(/not compared on ecs: the policy does not compile there/);
    expect(err.join("")).toMatch(/not compared on cloud-run/);
    const tree = parse(readFileSync(svg, "utf8"));
    expect(ids(tree, "path")).toEqual(expect.arrayContaining(["series-desired-kubernetes", "series-desired-container-apps"]));
  });

  it("without --platform or --compare it is a usage error", async () => {
    const err: string[] = [];
    const io = { out: () => undefined, err: (s: string) => void err.push(s) };
    expect(await runSimulateCommand({ file: "x.yaml", trace: "t.csv" }, io)).toBe(2);
    expect(err.join("")).toMatch(/pass --platform P, or --compare/);
  });
});
