import { describe, expect, it } from "vitest";
import { cloudMonitoring } from "../../src/sources/cloud-monitoring";
import { containerAppsRuleErrors, expectAlternatives, docTriggers, expectIssue, kedaSchemaErrors, normalized, parsed, scaledObjectErrors, target, value, expectOneRefusal } from "./helpers";

const t = (over = {}) => target("cloudMonitoring", over);
const identity = { podIdentity: { provider: "gcp" } };
const keyFile = { secret: { parameters: { GoogleApplicationCredentials: "google-application-credentials" } } };
const NUMERIC = ["targetValue", "activationTargetValue", "valueIfNull", "filterDuration", "alignmentPeriodSeconds"];

describe("cloudMonitoring on Kubernetes: gcp-stackdriver", () => {
  // https://keda.sh/docs/2.18/scalers/gcp-stackdriver/ "Examples" (test/fixtures/keda-docs/gcp-stackdriver.1.yaml)
  it("matches KEDA's example, its credentialsFromEnv replaced by auth", () => {
    const [doc] = docTriggers("gcp-stackdriver.1.yaml");
    const { credentialsFromEnv: _viaEnv, ...expected } = doc!.metadata;
    const trigger = value(cloudMonitoring.kubernetes!(parsed(cloudMonitoring, { projectId: expected.projectId, filter: expected.filter, auth: identity }), t({ perReplica: Number(expected.targetValue) })));
    expect(trigger).toEqual({ type: "gcp-stackdriver", metadata: expected });
    expect(kedaSchemaErrors(trigger)).toEqual([]);
    expect(scaledObjectErrors(trigger, { name: "worker-cloudmonitoring-auth" })).toEqual([]);
  });

  // The trigger specification with every option (gcp-stackdriver.0.yaml): values compared as numbers ("100.50" = 100.5).
  it("writes the alignment, duration, null value and activation options as KEDA's specification does", () => {
    const [doc] = docTriggers("gcp-stackdriver.0.yaml");
    const { credentialsFromEnv: _viaEnv, ...expected } = doc!.metadata;
    const source = {
      projectId: expected.projectId,
      filter: expected.filter,
      alignmentPeriodSeconds: 60,
      alignmentAligner: "mean",
      alignmentReducer: "none",
      filterDuration: 1,
      valueIfNull: 0,
      auth: identity,
    };
    const trigger = value(cloudMonitoring.kubernetes!(parsed(cloudMonitoring, source), t({ perReplica: 100.5, activation: 10.5 })));
    expect(normalized(trigger.metadata, NUMERIC)).toEqual(normalized(expected, NUMERIC));
    expect(kedaSchemaErrors(trigger)).toEqual([]);
  });

  it("says that KEDA deprecates gcp-stackdriver and how to move to PromQL", () => {
    const m = cloudMonitoring.kubernetes!(parsed(cloudMonitoring, cloudMonitoring.examples[0]), t());
    expect(m.warnings).toEqual([
      expect.objectContaining({ severity: "info", code: "keda_scaler_deprecated", path: [...t().path, "filter"], message: expect.stringMatching(/deprecated.*2025-09-15-gcp-deprecations.*from\.prometheus.*https:\/\/monitoring\.googleapis\.com\/v1\/projects\/my-project-id\/location\/global\/prometheus/) }),
    ]);
  });

  it("feeds every kind it lists with the kind's per-replica value", () => {
    for (const kind of cloudMonitoring.kinds) {
      const trigger = value(cloudMonitoring.kubernetes!(parsed(cloudMonitoring, cloudMonitoring.examples[0]), t({ kind, perReplica: 2.5, path: ["scaling", "metrics", 0, kind, "from", "cloudMonitoring"] })));
      expect(trigger.metadata.targetValue).toBe("2.5");
    }
  });

  it("needs GCP credentials", () => {
    expectIssue(cloudMonitoring.kubernetes!(parsed(cloudMonitoring, { projectId: "my-project-id", filter: 'metric.type="a.googleapis.com/b"' }), t()), [...t().path, "auth"], /GoogleApplicationCredentials/);
  });
});

describe("cloudMonitoring input errors", () => {
  const base = { projectId: "my-project-id", filter: 'metric.type="pubsub.googleapis.com/subscription/num_undelivered_messages"' };
  it.each([
    [{ projectId: "My_Project" }, /^projectId: .*Google Cloud project id/],
    [{ filter: 'resource.type="gcs_bucket"' }, /^filter: must name one metric type/],
    [{ alignmentPeriodSeconds: 30 }, /^alignmentPeriodSeconds: .*at least 60/],
    [{ alignmentAligner: "avg", alignmentPeriodSeconds: 60 }, /^alignmentAligner: /],
    [{ alignmentReducer: "sum" }, /^alignmentReducer: needs alignmentPeriodSeconds/],
    [{ auth: { podIdentity: { provider: "azure-workload" } } }, /^auth\.podIdentity\.provider: .*"gcp"/],
    [{ filter: 'metric.type="x" AND resource.label.url="https://u:secret@h"' }, /^filter: must not hold a connection string with credentials/],
  ])("refuses %j", (change, why) => {
    expectOneRefusal(cloudMonitoring, { ...base, ...change }, why, "secret@");
  });
});

describe("cloudMonitoring on the other platforms", () => {
  it("is a custom gcp-stackdriver rule on Container Apps with the key from a Container App secret", () => {
    const rule = value(cloudMonitoring.containerApps!(parsed(cloudMonitoring, { ...cloudMonitoring.examples[0]!, auth: keyFile } as object), t()));
    expect(rule).toEqual({ custom: { type: "gcp-stackdriver", metadata: expect.objectContaining({ projectId: "my-project-id", targetValue: "10" }) } });
    expect(containerAppsRuleErrors(rule, [{ triggerParameter: "GoogleApplicationCredentials", secretRef: "google-application-credentials" }])).toEqual([]);
    const { auth: _auth, ...noAuth } = cloudMonitoring.examples[0] as Record<string, unknown>;
    expectIssue(cloudMonitoring.containerApps!(parsed(cloudMonitoring, noAuth), t()), [...t().path, "auth", "secret", "parameters"], /GoogleApplicationCredentials on container-apps/);
  });

  it("has no ECS or Cloud Run mapping and names the alternatives", () => {
    expectAlternatives(cloudMonitoring, /CloudWatch.*from\.cloudWatch/, /inFlight.*GKE/);
  });
});
