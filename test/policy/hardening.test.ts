import { describe, expect, it } from "vitest";
import { PolicyError, formatPath, parsePolicy, parsePolicyFile, type PolicyIssue } from "../../src/policy";
import { didYouMean, quote, quoteString } from "../../src/policy/messages";

function base(): any {
  return { service: "shop", scaling: { replicas: { min: 2, max: 10 }, metrics: [{ cpu: { utilization: 60 } }] } };
}

/** The issues of a refused input; fails when the call accepts the input or throws anything but a PolicyError. */
function issuesOf(fn: () => unknown): PolicyIssue[] {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, "a PolicyError").toBeInstanceOf(PolicyError);
  return (thrown as PolicyError).issues;
}

const at = (issues: PolicyIssue[]) => issues.map((i) => `${formatPath(i.path)}: ${i.message}`);

describe("messages", () => {
  it("quote escapes control bytes, DEL, C1, BOM and line separators as \\u escapes", () => {
    expect(quoteString("a\u0000b\u001b[31m\u007f\u0085\u2028\ufeff")).toBe('"a\\u0000b\\u001b[31m\\u007f\\u0085\\u2028\\ufeff"');
  });

  it("quote cuts long values at 80 characters and says how long they were", () => {
    const q = quoteString("x".repeat(100_000));
    expect(q).toBe(`"${"x".repeat(80)}…" (100000 characters)`);
  });

  it("numbers are shown as what they are: NaN, Infinity, no -0; collections by kind", () => {
    expect([quote(NaN), quote(Infinity), quote(-Infinity), quote(-0), quote(10n), quote(null), quote([1, 2]), quote({ a: 1 }), quote(Buffer.from("x"))])
      .toEqual(["NaN", "Infinity", "-Infinity", "0", "10n (a BigInt)", "null", "a list of 2", "a mapping", "a Buffer"]);
  });

  it("did-you-mean finds the issue's typos and stays quiet for unrelated words", () => {
    expect(didYouMean("replica", ["min", "max", "replicas", "metrics"])).toBe("replicas");
    expect(didYouMean("utilisation", ["utilization", "averageValue", "container"])).toBe("utilization");
    expect(didYouMean("stabilisation", ["stabilization", "policies", "select", "selectPolicy"])).toBe("stabilization");
    expect(didYouMean("inflight", ["cpu", "memory", "requestRate", "inFlight", "queue"])).toBe("inFlight");
    expect(didYouMean("banana", ["cpu", "memory", "requestRate", "inFlight", "queue"])).toBeUndefined();
  });
});

describe("paths", () => {
  it("a long or invisible-character key is shown quoted, escaped and cut in the path", () => {
    expect(formatPath(["monitoring", "labels", "app.kubernetes.io/name"])).toBe("monitoring.labels.app.kubernetes.io/name");
    expect(formatPath(["monitoring", "labels", "\u001b[2J"])).toBe('monitoring.labels["\\u001b[2J"]');
    expect(formatPath(["monitoring", "labels", "k".repeat(5000)])).toBe(`monitoring.labels["${"k".repeat(80)}…"]`);
  });
});

describe("every problem at once", () => {
  it("min > max and an out-of-range stabilization are both reported", () => {
    const p = base();
    p.scaling.replicas = { min: 5, max: 2 };
    p.scaling.scaleDown = { stabilization: "2h" };
    expect(at(issuesOf(() => parsePolicy(p)))).toEqual([
      'scaling.scaleDown.stabilization: must be at most 3600s, got "2h"',
      "scaling.replicas.max: must be >= replicas.min (5), got 2",
    ]);
  });

  it("a missing field is 'is required', a wrong type names the type given", () => {
    const p = base();
    p.scaling.replicas = { max: "10" };
    expect(at(issuesOf(() => parsePolicy(p)))).toEqual([
      "scaling.replicas.min: is required",
      'scaling.replicas.max: must be a number, got the string "10"',
    ]);
  });

  it("a misspelt field gets a did-you-mean and no second 'is required' for the field it meant", () => {
    const p = base();
    p.scaling.replica = p.scaling.replicas;
    delete p.scaling.replicas;
    expect(at(issuesOf(() => parsePolicy(p)))).toEqual(['scaling: unknown field "replica" (did you mean "replicas"?)']);
  });

  it("NaN and Infinity are reported as such, not as null", () => {
    const p = base();
    p.scaling.replicas.max = NaN;
    p.scaling.metrics = [{ cpu: { utilization: Infinity } }];
    expect(at(issuesOf(() => parsePolicy(p)))).toEqual([
      "scaling.replicas.max: must be a finite number, got NaN",
      "scaling.metrics[0].cpu.utilization: must be a finite number, got Infinity",
    ]);
  });
});

describe("selectPolicy (the HPA spelling)", () => {
  it("Max, Min and Disabled set `select`", () => {
    const p = base();
    p.scaling.scaleUp = { selectPolicy: "Min", policies: [{ percent: 100, per: 15 }] };
    p.scaling.scaleDown = { selectPolicy: "Disabled" };
    const parsed = parsePolicy(p);
    expect(parsed.scaling!.scaleUp).toEqual({ select: "min", policies: [{ percent: 100, per: 15 }] });
    expect(parsed.scaling!.scaleDown).toEqual({ select: "disabled" });
  });

  it("both spellings at once is an error; a lower-case value gets a did-you-mean", () => {
    const p = base();
    p.scaling.scaleUp = { select: "max", selectPolicy: "Max" };
    p.scaling.scaleDown = { selectPolicy: "max" };
    expect(at(issuesOf(() => parsePolicy(p)))).toEqual([
      'scaling.scaleUp.selectPolicy: must be left out when `select` is given (they are two spellings of one setting), got "Max"',
      'scaling.scaleDown.selectPolicy: must be one of "Max", "Min" or "Disabled", got "max"; did you mean "Max"?',
    ]);
  });
});

describe("numbers that land in int32 API fields are bounded at load; -0 is normalised to 0", () => {
  it.each([
    ["inFlight.perReplica 1e21", (p: any) => (p.scaling.metrics = [{ inFlight: { perReplica: 1e21 } }]), "scaling.metrics[0].inFlight.perReplica", "must be at most 2147483647 (int32), got 1e+21"],
    ["ECS cooldown 1e10", (p: any) => (p.scaling.ecs = { cooldown: { in: 1e10 } }), "scaling.ecs.cooldown.in", "must be at most 2147483647s (int32), got 10000000000s"],
    ["KEDA polling interval", (p: any) => (p.scaling.kubernetes = { pollingInterval: "999999999h" }), "scaling.kubernetes.pollingInterval", 'must be at most 2147483647s (int32), got "999999999h"'],
    ["Cloud Run max instances", (p: any) => (p.scaling.cloudRun = { maxInstanceLimit: 2 ** 31 }), "scaling.cloudRun.maxInstanceLimit", "must be at most 2147483647 (int32), got 2147483648"],
    ["policy percent", (p: any) => (p.scaling.scaleUp = { policies: [{ percent: 2 ** 32, per: 15 }] }), "scaling.scaleUp.policies[0].percent", "must be at most 2147483647 (int32), got 4294967296"],
  ])("%s", (_n, mutate, path, message) => {
    const p = base();
    mutate(p);
    expect(at(issuesOf(() => parsePolicy(p)))).toEqual([`${path}: ${message}`]);
  });

  it("-0 becomes 0", () => {
    const p = base();
    p.scaling.replicas.min = -0;
    p.scaling.scaleDown = { stabilization: -0 };
    const parsed = parsePolicy(p);
    expect(Object.is(parsed.scaling!.replicas.min, 0)).toBe(true);
    expect(Object.is(parsed.scaling!.scaleDown!.stabilization, 0)).toBe(true);
  });
});

describe("lengths and character sets", () => {
  it("a VPA container name is a DNS-1123 label (at most 63) and the message stays short", () => {
    const p = base();
    p.vertical = { updateMode: "Off", containers: [{ name: "a".repeat(100_000) }, { name: "*" }, { name: "app" }] };
    const issues = issuesOf(() => parsePolicy(p));
    expect(issues.map((i) => formatPath(i.path))).toEqual(["vertical.containers[0].name"]);
    expect(issues[0]!.message.length).toBeLessThan(400);
  });

  it("CloudWatch namespace, metric and dimensions are printable ASCII within AWS's lengths", () => {
    const p = base();
    p.scaling.metrics = [{ queue: { jobsPerReplica: 5, from: { cloudWatch: { namespace: "Ünï", metricName: "x".repeat(256), dimensions: { Queue: "ñ", ":Bad": "v" } } } } }];
    expect(issuesOf(() => parsePolicy(p)).map((i) => formatPath(i.path))).toEqual([
      "scaling.metrics[0].queue.from.cloudWatch.namespace",
      "scaling.metrics[0].queue.from.cloudWatch.metricName",
      "scaling.metrics[0].queue.from.cloudWatch.dimensions.Queue",
      "scaling.metrics[0].queue.from.cloudWatch.dimensions.:Bad",
    ]);
  });
});

describe("the same metric twice", () => {
  it("same kind and same source is refused, naming both indices", () => {
    const p = base();
    const rate = (perReplica: number) => ({ requestRate: { perReplica, from: { prometheus: { series: "http_requests_total" } } } });
    p.scaling.metrics = [{ cpu: { utilization: 60 } }, rate(5), { cpu: { utilization: 70 } }, rate(8)];
    expect(at(issuesOf(() => parsePolicy(p)))).toEqual([
      "scaling.metrics[2].cpu: is the same metric as scaling.metrics[0].cpu (same kind, same container); list each metric once",
      "scaling.metrics[3].requestRate: is the same metric as scaling.metrics[1].requestRate (same kind, same from); list each metric once",
    ]);
  });

  it("same kind from different sources, or cpu of two containers, is fine", () => {
    const p = base();
    p.scaling.metrics = [
      { cpu: { utilization: 60, container: "app" } },
      { cpu: { utilization: 60, container: "sidecar" } },
      { requestRate: { perReplica: 5, from: { prometheus: { series: "a_total" } } } },
      { requestRate: { perReplica: 5, from: { prometheus: { series: "b_total" } } } },
    ];
    expect(parsePolicy(p).scaling!.metrics).toHaveLength(4);
  });
});

describe("credentials in URLs", () => {
  it("userinfo in a Prometheus URL is refused, pointing to the auth mechanisms, without echoing the password", () => {
    const p = base();
    p.scaling.metrics = [{ prometheus: { query: "sum(up)", target: 1, serverAddress: "http://user:SECRET@prom:9090" } }];
    p.scaling.kubernetes = { prometheus: { serverAddress: "https://TOKENSECRET@prom" } };
    const issues = issuesOf(() => parsePolicy(p));
    expect(issues.map((i) => formatPath(i.path))).toEqual(["scaling.metrics[0].prometheus.serverAddress", "scaling.kubernetes.prometheus.serverAddress"]);
    for (const i of issues) {
      expect(i.message).toMatch(/must not contain credentials.*scaling\.kubernetes\.prometheus\.auth.*scaling\.containerApps\.rules\[\]\.auth/);
      expect(i.message).not.toMatch(/SECRET/);
    }
    expect(issues[0]!.message).toMatch(/got "http:\/\/\*\*\*@prom:9090"$/);
  });
});

describe("inputs that are not JSON data never throw a TypeError", () => {
  it.each([
    ["BigInt", (p: any) => (p.scaling.replicas.min = 1n), "scaling.replicas.min", /got 1n \(a BigInt\)/],
    ["function", (p: any) => (p.scaling.replicas.max = () => 3), "scaling.replicas.max", /got a function/],
    ["symbol", (p: any) => (p.namespace = Symbol("x")), "namespace", /got a symbol/],
    ["Date", (p: any) => (p.scaling.metrics[0].cpu.utilization = new Date(0)), "scaling.metrics[0].cpu.utilization", /got a date/],
    ["Map", (p: any) => (p.scaling.replicas = new Map([["min", 1]])), "scaling.replicas", /got a Map/],
    ["cycle", (p: any) => (p.scaling.metrics[0].cpu.self = p.scaling), "scaling.metrics[0].cpu.self", /a cycle/],
  ])("%s", (_n, mutate, path, message) => {
    const p = base();
    mutate(p);
    const issues = issuesOf(() => parsePolicy(p));
    const hit = issues.find((i) => formatPath(i.path) === path);
    expect(hit?.message, at(issues).join(" | ")).toMatch(message);
  });

  it("cross-field checks that run beside failed fields never read a missing or mistyped object", () => {
    const shapes = (v: unknown): unknown[] => [
      { service: "a", scaling: { replicas: { min: 1, max: 3 }, metrics: [{ requestRate: { perReplica: 5, from: v } }] } },
      { service: "a", scaling: { replicas: { min: 1, max: 3 }, metrics: [{ requestRate: { perReplica: 5, from: { prometheus: v } } }] } },
      { service: "a", scaling: { replicas: { min: 1, max: 3 }, metrics: [{ cpu: v }, { external: v }, { object: v }, { schedule: v }] } },
      { service: "a", scaling: { replicas: { min: 1, max: 3 }, metrics: [{ cpu: { utilization: 5 } }], scaleUp: v === undefined ? null : v, scaleDown: { policies: [v] } } },
      { service: "a", vertical: { updateMode: "Off", containers: [v] } },
      { service: "a", scaling: v === undefined ? null : v },
      v,
    ];
    for (const v of [null, "x", 5, [], undefined]) {
      for (const input of shapes(v)) expect(issuesOf(() => parsePolicy(input)).length, JSON.stringify(input) ?? "undefined").toBeGreaterThan(0);
    }
  });

  it("a __proto__ key is refused at its path, never taken as the prototype or dropped silently", () => {
    const p = JSON.parse('{"service": "shop", "vertical": {"updateMode": "Off"}, "monitoring": {"port": "http", "labels": {"__proto__": "x"}}, "__proto__": {"scaling": 1}}');
    expect(issuesOf(() => parsePolicy(p)).map((i) => formatPath(i.path))).toEqual(["monitoring.labels.__proto__", "__proto__"]);
    expect(({} as Record<string, unknown>).scaling).toBeUndefined();
  });

  it("a BigInt beside another problem: both reported, the BigInt once", () => {
    const p = base();
    p.scaling.replicas.min = 1n;
    p.service = "Shop";
    expect(issuesOf(() => parsePolicy(p)).map((i) => formatPath(i.path))).toEqual(["scaling.replicas.min", "service"]);
  });
});

describe("policy files: bytes, encodings and YAML hazards", () => {
  const policy = "service: shop\nscaling:\n  replicas: { min: 2, max: 10 }\n  metrics:\n    - cpu: { utilization: 60 }\n";

  it("a Buffer is decoded as UTF-8; BOM and CRLF are valid", () => {
    expect(parsePolicyFile(Buffer.from(policy), "p.yaml")[0]!.service).toBe("shop");
    expect(parsePolicyFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(policy.replace(/\n/g, "\r\n"))]), "p.yaml")[0]!.service).toBe("shop");
    expect(parsePolicyFile(`\ufeff${policy}`, "p.yaml")[0]!.service).toBe("shop");
  });

  it("invalid UTF-8 is an error naming the file and the byte offset (a genuine U+FFFD before it is skipped)", () => {
    const bytes = Buffer.concat([Buffer.from("service: sh\ufffdop # "), Buffer.from([0xe2, 0x28, 0xa1])]);
    expect(at(issuesOf(() => parsePolicyFile(bytes, "p.yaml")))).toEqual([
      `(policy): p.yaml: is not valid UTF-8 (invalid byte 0xe2 at byte offset ${Buffer.byteLength("service: sh\ufffdop # ")}); save the file as UTF-8`,
    ]);
  });

  it("something that is neither text nor bytes is a PolicyError", () => {
    expect(issuesOf(() => parsePolicyFile(42 as unknown as string, "p.yaml"))[0]!.message).toMatch(/must be text or bytes, got 42/);
  });

  it("unknown tags and duplicate keys are errors naming file:line:column", () => {
    expect(at(issuesOf(() => parsePolicyFile("service: shop\nvertical: { updateMode: !Ref Mode }\n", "t.yaml")))).toEqual([
      '(policy): t.yaml:2:25: unknown tag "!Ref" (policy files are plain data: no custom tags)',
    ]);
    expect(issuesOf(() => parsePolicyFile("service: shop\nvertical: { updateMode: !!js/function f }\n", "t.yaml"))[0]!.message).toMatch(/^t\.yaml:2:25: unknown tag "!!js\/function"/);
    expect(issuesOf(() => parsePolicyFile("service: shop\nvertical: { updateMode: !!binary aGk= }\n", "t.yaml"))[0]!.message).toMatch(/^t\.yaml:2:25: unknown tag/);
    expect(at(issuesOf(() => parsePolicyFile("service: shop\nvertical: { updateMode: Off }\nservice: other\n", "d.yaml")))).toEqual(['(policy): d.yaml:3:1: duplicate key "service" (each key once per mapping)']);
  });

  it("an alias bomb is an error naming the file, not a hang or an internal error", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]", ...["b", "c", "d", "e", "f"].map((k, i) => `${k}: &${k} [${Array(9).fill(`*${"abcde"[i]}`).join(", ")}]`)].join("\n");
    expect(at(issuesOf(() => parsePolicyFile(bomb, "bomb.yaml")))).toEqual([
      "(policy): bomb.yaml: expands more than 100 aliases (*name), which looks like an alias bomb; write the values out or use fewer aliases",
    ]);
  });

  it("merge keys are resolved", () => {
    const text = "services:\n  - &web\n    service: web\n    vertical: { updateMode: Off }\n  - <<: *web\n    service: web-canary\n";
    expect(parsePolicyFile(text, "m.yaml").map((p) => p.service)).toEqual(["web", "web-canary"]);
  });
});
