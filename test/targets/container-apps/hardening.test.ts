import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { PolicyError, formatPath, parsePolicy } from "../../../src/policy";
import { loadTarget, type PlatformName } from "../../../src/targets";

/** Regression tests for issue 12 (Container Apps, ECS and Cloud Run targets). */

const render = (platform: PlatformName, policy: unknown) => loadTarget(platform).render(parsePolicy(policy));

/** The issues of a policy refused when it loads or when it compiles for `platform`. */
function refused(platform: PlatformName, policy: unknown): { path: string; message: string }[] {
  try {
    render(platform, policy);
  } catch (e) {
    if (e instanceof PolicyError) return e.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
    throw e;
  }
  throw new Error("expected a PolicyError");
}

describe("container-apps target hardening (issue 12)", () => {
  it.each(["cpu", "memory"])("refuses a %s utilization above 100 % (request = limit on Container Apps, never reached)", (kind) => {
    const issues = refused("container-apps", { service: "web", scaling: { replicas: { min: 1, max: 5 }, metrics: [{ [kind]: { utilization: 150 } }] } });
    expect(issues).toEqual([{ path: `scaling.metrics[0].${kind}.utilization`, message: expect.stringMatching(/^must be at most 100 on container-apps .*got 150$/) }]);
  });

  it("accepts a cpu utilization of 100 %, and above 100 % on Kubernetes", () => {
    const policy = { service: "web", scaling: { replicas: { min: 1, max: 5 }, metrics: [{ cpu: { utilization: 100 } }] } };
    expect(render("container-apps", policy).documents).toHaveLength(1);
    const over = { service: "web", scaling: { replicas: { min: 1, max: 5 }, metrics: [{ cpu: { utilization: 150 } }] } };
    expect(render("kubernetes", over).documents).toHaveLength(1);
  });

  it("refuses an http concurrency beyond int32 instead of rendering 1e+21", () => {
    const issues = refused("container-apps", { service: "web", scaling: { replicas: { min: 1, max: 5 }, metrics: [{ inFlight: { perReplica: 1e21 } }] } });
    expect(issues.map((i) => i.path)).toEqual(["scaling.metrics[0].inFlight.perReplica"]);
  });

  it.each([
    ["a prometheus metric's serverAddress", { prometheus: { query: "sum(x)", target: 5, serverAddress: "http://user:S3NTINEL@prom:9090" } }],
    ["a queue's prometheus source", { queue: { jobsPerReplica: 5, from: { prometheus: { query: "sum(x)", serverAddress: "https://user:S3NTINEL@prom:9090" } } } }],
  ])("never copies a credential in %s into rule metadata or a message", (_what, metric) => {
    const issues = refused("container-apps", { service: "web", scaling: { replicas: { min: 1, max: 5 }, metrics: [metric] } });
    expect(issues.length).toBeGreaterThan(0);
    expect(JSON.stringify(issues)).not.toContain("S3NTINEL");
  });

  it("writes -0 as 0 (Container Apps, ECS, Cloud Run)", () => {
    const scaling = { replicas: { min: -0, max: 4 }, metrics: [{ inFlight: { perReplica: 30, from: { cloudWatch: { namespace: "N", metricName: "M" } } } }] };
    for (const platform of ["container-apps", "ecs", "cloud-run"] as const) {
      const docs = render(platform, { service: "web", scaling: { ...scaling, ecs: { cluster: "c", cooldown: { in: -0 } } } }).documents;
      expect(stringify(docs), platform).not.toMatch(/-0\b/);
    }
  });
});

describe("container-apps azure-monitor rule with a managed identity", () => {
  it("warns that the platform is reported to refuse it (microsoft/azure-container-apps#1582)", () => {
    const warnings = render("container-apps", {
      service: "worker",
      scaling: {
        replicas: { min: 1, max: 5 },
        metrics: [{
          queue: {
            jobsPerReplica: 5,
            from: {
              azureMonitor: {
                metricName: "ActiveMessages",
                resourceId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ServiceBus/namespaces/bus",
                tenantId: "11111111-1111-1111-1111-111111111111",
                metricAggregationType: "Average",
              },
            },
          },
        }],
        containerApps: { rules: [{ metric: 0, identity: "system" }] },
      },
    }).warnings;
    expect(warnings.filter((w) => w.code === "container_apps_identity_azure_monitor").map((w) => formatPath(w.path))).toEqual(["scaling.containerApps.rules[0].identity"]);
  });
});

describe("ecs target hardening (issue 12)", () => {
  it("refuses a cooldown beyond int32 instead of rendering it", () => {
    const issues = refused("ecs", {
      service: "web",
      scaling: { replicas: { min: 1, max: 5 }, metrics: [{ cpu: { utilization: 60 } }], ecs: { cluster: "c", cooldown: { in: 1e10 } } },
    });
    expect(issues.map((i) => i.path)).toEqual(["scaling.ecs.cooldown.in"]);
  });
});

describe("credentials in a URL's query string", () => {
  it.each(["kubernetes", "container-apps"] as const)("%s refuses ?access_token=... in a Prometheus serverAddress without repeating it", (platform) => {
    const issues = refused(platform, {
      service: "web",
      scaling: { replicas: { min: 1, max: 5 }, metrics: [{ prometheus: { query: "sum(x)", target: 5, serverAddress: "https://prom.example.com/api?access_token=S3NTINEL" } }] },
    });
    expect(issues.map((i) => i.path)).toEqual(["scaling.metrics[0].prometheus.serverAddress"]);
    expect(JSON.stringify(issues)).not.toContain("S3NTINEL");
  });
});

describe("scalar PromQL on Container Apps", () => {
  it("a prometheus rule gets vector(...) around a scalar query (KEDA's prometheus scaler decodes only samples)", () => {
    const doc = render("container-apps", {
      service: "web",
      scaling: { replicas: { min: 1, max: 5 }, metrics: [{ prometheus: { query: " scalar(sum(up)) ", target: 5, serverAddress: "https://prom.example.com" } }] },
    }).documents[0] as any;
    expect(doc.args.template.scale.rules[0].custom.metadata.query).toBe("vector(scalar(sum(up)))");
  });
});
