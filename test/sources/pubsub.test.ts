import { describe, expect, it } from "vitest";
import { pubsub } from "../../src/sources/pubsub";
import { containerAppsRuleErrors, expectAlternatives, docTriggers, expectIssue, kedaSchemaErrors, parsed, refusal, scaledObjectErrors, target, value } from "./helpers";

const t = (over = {}) => target("pubsub", { perReplica: 5, ...over });
const identity = { podIdentity: { provider: "gcp" } };
const keyFile = { secret: { parameters: { GoogleApplicationCredentials: "GOOGLE_APPLICATION_CREDENTIALS_JSON" } } };

describe("pubsub on KEDA < 2.18: gcp-pubsub", () => {
  // https://keda.sh/docs/2.18/scalers/gcp-pub-sub/ "Example" (test/fixtures/keda-docs/gcp-pub-sub.1.yaml)
  it("matches KEDA's own example, its credentialsFromEnv replaced by auth", () => {
    const [doc] = docTriggers("gcp-pub-sub.1.yaml");
    const { credentialsFromEnv: _viaEnv, ...expected } = doc!.metadata;
    const m = pubsub.kubernetes!(parsed(pubsub, { subscription: "mysubscription", auth: keyFile }), t({ kedaVersion: "2.17" }));
    const trigger = value(m);
    expect(trigger).toEqual({ type: "gcp-pubsub", metadata: expected });
    expect(kedaSchemaErrors(trigger, ["GoogleApplicationCredentials"])).toEqual([]);
    expect(scaledObjectErrors(trigger, { name: "worker-pubsub-auth" })).toEqual([]);
    expect(m.warnings).toEqual([expect.objectContaining({ severity: "info", code: "pubsub_keda_scaler", message: expect.stringMatching(/gcp-pubsub.*2\.17 < 2\.18.*2025-09-15-gcp-deprecations/) })]);
  });

  it("keeps a full resource name and writes one from projectId and an id", () => {
    const full = value(pubsub.kubernetes!(parsed(pubsub, { subscription: "projects/other-proj/subscriptions/input", auth: identity }), t({ kedaVersion: "2.16" })));
    expect(full.metadata.subscriptionName).toBe("projects/other-proj/subscriptions/input");
    const joined = value(pubsub.kubernetes!(parsed(pubsub, { subscription: "input", projectId: "other-proj", auth: identity }), t({ kedaVersion: "2.16", activation: 3 })));
    expect(joined.metadata).toEqual({ subscriptionName: "projects/other-proj/subscriptions/input", mode: "SubscriptionSize", value: "5", activationValue: "3" });
  });
});

describe("pubsub on KEDA >= 2.18: the prometheus scaler KEDA recommends", () => {
  // https://keda.sh/blog/2025-09-15-gcp-deprecations/ "Migrate Google Cloud Platform Pub/Sub" (fixtures 4 and 5)
  it("has the shape of the migration post's prometheus trigger: same server, selector form and parameters", () => {
    const [after] = docTriggers("2025-09-15-gcp-deprecations.5.yaml");
    const trigger = value(pubsub.kubernetes!(parsed(pubsub, { subscription: "projects/my-keda-project/subscriptions/my-sub", auth: identity }), t({ activation: 1 })));
    expect(trigger.type).toBe(after!.type);
    expect(trigger.metadata.serverAddress).toBe(after!.metadata.serverAddress);
    const { credentialsFromEnv: _viaEnv, ...docKeys } = after!.metadata;
    expect(Object.keys(trigger.metadata).sort()).toEqual(Object.keys(docKeys).sort());
    // num_undelivered_messages of pubsub_subscription (https://cloud.google.com/monitoring/api/metrics_gcp_p_z#gcp-pubsub), written as the post writes a series
    expect(trigger.metadata.query).toBe('max({"__name__"="pubsub.googleapis.com/subscription/num_undelivered_messages","monitored_resource"="pubsub_subscription","project_id"="my-keda-project","subscription_id"="my-sub"})');
    expect(trigger.metadata.threshold).toBe("5");
    expect(trigger.metadata.activationThreshold).toBe("1");
    expect(kedaSchemaErrors(trigger)).toEqual([]);
    expect(scaledObjectErrors(trigger, { name: "worker-pubsub-auth" })).toEqual([]);
  });

  it("is the default (kedaVersion 2.18) and says so in an info diagnostic", () => {
    const m = pubsub.kubernetes!(parsed(pubsub, { subscription: "orders", projectId: "shop-prod-42", auth: identity }), t());
    expect(value(m).type).toBe("prometheus");
    expect(m.warnings).toEqual([{ severity: "info", code: "pubsub_keda_scaler", path: t().path, message: expect.stringMatching(/prometheus scaler.*not gcp-pubsub.*https:\/\/keda\.sh\/blog\/2025-09-15-gcp-deprecations/) }]);
  });

  it("needs the project, which the PromQL URL names", () => {
    expectIssue(pubsub.kubernetes!(parsed(pubsub, { subscription: "orders", auth: identity }), t()), [...t().path, "projectId"], /projects\/<project>\/subscriptions\/orders/);
  });
});

describe("pubsub auth", () => {
  it("needs GCP credentials on Kubernetes", () => {
    expectIssue(pubsub.kubernetes!(parsed(pubsub, { subscription: "orders", projectId: "shop-prod-42" }), t()), [...t().path, "auth"], /podIdentity \{ provider: gcp \}.*GoogleApplicationCredentials/);
    expect(pubsub.kubernetes!(parsed(pubsub, { subscription: "orders", projectId: "shop-prod-42", auth: { triggerAuthentication: "team-gcp" } }), t()).issues).toBeUndefined();
  });

  it("refuses other pod identity providers and secret parameters the scaler does not read", () => {
    expect(refusal(pubsub, { subscription: "orders", auth: { podIdentity: { provider: "aws" } } })).toEqual([expect.stringMatching(/^auth\.podIdentity\.provider: .*accepts "gcp"; got "aws"/)]);
    expect(refusal(pubsub, { subscription: "orders", auth: { secret: { parameters: { credentials: "k" } } } })).toEqual([expect.stringMatching(/^auth\.secret\.parameters\.credentials: .*allowed: GoogleApplicationCredentials/)]);
  });
});

describe("pubsub names (GCP naming rules)", () => {
  it.each([
    ["ab", /3\.\.255/],
    ["1orders", /starting with a letter/],
    ["googlers", /must not start with "goog"/],
    ["orders/x", /projects\/<project>\/subscriptions\/<id>/],
    ["projects/p/subscriptions/orders", /has project "p"/],
    ["projects/my-project/topics/orders", /projects\/<project>\/subscriptions\/<id>/],
    ["orders sub", /3\.\.255 letters/],
  ])("refuses %j", (subscription, why) => {
    expect(refusal(pubsub, { subscription })).toEqual([expect.stringMatching(new RegExp(`^subscription: .*${why.source}`))]);
  });

  it("refuses a projectId that contradicts the full name", () => {
    expect(refusal(pubsub, { subscription: "projects/my-project/subscriptions/orders", projectId: "other-project" })).toEqual([expect.stringMatching(/^projectId: "other-project" contradicts.*"my-project"/)]);
  });

  it("refuses a URL with credentials without repeating them", () => {
    const issues = refusal(pubsub, { subscription: "https://svc:hunter2@pubsub.googleapis.com/x" });
    expect(issues).toEqual([expect.stringMatching(/^subscription: must not hold a connection string with credentials/)]);
    expect(issues.join()).not.toContain("hunter2");
  });
});

describe("pubsub on the other platforms", () => {
  it("is a custom prometheus rule on Container Apps, with the key from a Container App secret", () => {
    const m = pubsub.containerApps!(parsed(pubsub, { subscription: "projects/my-keda-project/subscriptions/my-sub", auth: keyFile }), t());
    const rule = value(m);
    expect(rule).toEqual({ custom: value(pubsub.kubernetes!(parsed(pubsub, { subscription: "projects/my-keda-project/subscriptions/my-sub", auth: keyFile }), t())) });
    expect(containerAppsRuleErrors(rule, [{ triggerParameter: "GoogleApplicationCredentials", secretRef: "google-application-credentials" }])).toEqual([]);
    expect(pubsub.containerAppsIdentity).toBe(false);
  });

  it("needs the service account key on Container Apps (a GKE identity alone is refused once, by the target: gcp-oss-e2e)", () => {
    expectIssue(pubsub.containerApps!(parsed(pubsub, { subscription: "projects/my-keda-project/subscriptions/my-sub" }), t()), [...t().path, "auth", "secret", "parameters"], /GoogleApplicationCredentials on container-apps/);
    expect(pubsub.containerApps!(parsed(pubsub, { subscription: "projects/my-keda-project/subscriptions/my-sub", auth: identity }), t()).issues).toBeUndefined();
  });

  it("has no ECS or Cloud Run mapping and names the alternatives", () => {
    expectAlternatives(pubsub, /from\.cloudWatch.*from\.sqs/, /push subscription.*worker pool/);
  });

  it("compiles every example on Kubernetes and Container Apps", () => {
    for (const e of pubsub.examples) {
      const s = parsed(pubsub, e);
      expect(pubsub.kubernetes!(s, t()).issues).toBeUndefined();
      expect(pubsub.containerApps!(s, t()).issues).toBeUndefined();
    }
  });
});
