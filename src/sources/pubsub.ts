import { z } from "zod";
import { EVERY_PROBLEM, quote } from "../policy/messages";
import { versionBelow } from "../policy/version";
import { numberString } from "../policy/units";
import type { Diagnostic } from "../targets/types";
import { SourceAuth } from "./auth";
import { activationMetadata, checkPodIdentity, checkSecretParameters, credentialFree } from "./checks";
import { GCP_CREDENTIALS, PROJECT_ID_RE, gcpContainerAppsAuthIssues, gcpKubernetesAuthIssues, monitoringPrometheusUrl, projectId } from "./gcp";
import { defineSource, type KedaTriggerSpec, type Mapped, type SourceTarget } from "./types";

/**
 * A Pub/Sub subscription's backlog (`pubsub.googleapis.com/subscription/num_undelivered_messages`).
 *
 * Which KEDA scaler: KEDA 2.18 deprecated `gcp-pubsub` (and `gcp-stackdriver`, `gcp-cloudtasks`), which read
 * Cloud Monitoring through the Monitoring Query Language, and recommends the `prometheus` scaler on Cloud
 * Monitoring's PromQL API instead, with the same auth (https://keda.sh/blog/2025-09-15-gcp-deprecations;
 * kedacore/keda v2.18.0 pkg/scalers/gcp_pubsub_scaler.go tags `value` with `deprecatedAnnounce`). So a cluster
 * with KEDA >= 2.18 gets that prometheus trigger; an older KEDA gets `gcp-pubsub` (mode SubscriptionSize),
 * which is not deprecated there. Both count the same metric.
 */

/**
 * A subscription id (https://cloud.google.com/pubsub/docs/pubsub-basics#resource_names): 3..255 characters,
 * starting with a letter, of letters, digits and `-_.~+%`, not starting with `goog`.
 */
const SUBSCRIPTION_ID_RE = /^[A-Za-z][A-Za-z0-9\-_.~+%]{2,254}$/;
const FULL_NAME_RE = /^projects\/([^/]+)\/subscriptions\/([^/]+)$/;

/** The first KEDA release that announces gcp-pubsub as deprecated. */
export const PUBSUB_DEPRECATED_SINCE = "2.18";
const DEPRECATION_POST = "https://keda.sh/blog/2025-09-15-gcp-deprecations";

interface Subscription {
  project?: string;
  id: string;
}

/** The project and id of a subscription given as `<id>` or `projects/<project>/subscriptions/<id>`. */
export function parseSubscription(name: string): Subscription {
  const full = FULL_NAME_RE.exec(name);
  return full ? { project: full[1]!, id: full[2]! } : { id: name };
}

/** Why a subscription name breaks GCP's naming rules, or undefined. */
function subscriptionError(name: string): string | undefined {
  const { project, id } = parseSubscription(name);
  if (name.includes("/") && project === undefined) return `must be a subscription id or "projects/<project>/subscriptions/<id>", got ${quote(name)}`;
  if (project !== undefined && !PROJECT_ID_RE.test(project)) return `has project ${quote(project)}; a project id has 6..30 lowercase letters, digits and hyphens, starting with a letter`;
  if (!SUBSCRIPTION_ID_RE.test(id)) return `has subscription id ${quote(id)}; Pub/Sub allows 3..255 letters, digits and - _ . ~ + %, starting with a letter`;
  if (id.toLowerCase().startsWith("goog")) return `has subscription id ${quote(id)}; Pub/Sub ids must not start with "goog"`;
  return undefined;
}

export const PubSubSource = z
  .strictObject({
    /** The subscription: its id, or its full name `projects/<project>/subscriptions/<id>` (another project). */
    subscription: credentialFree("name the subscription, and give credentials through auth").max(320),
    /** The project of a subscription given by id; taken from a full name otherwise (they must agree). */
    projectId: projectId.optional(),
    auth: SourceAuth.optional(),
  })
  .superRefine((s, ctx) => {
    if (typeof s.subscription === "string") {
      const err = subscriptionError(s.subscription);
      if (err) ctx.addIssue({ code: "custom", path: ["subscription"], message: err, input: s.subscription });
      const { project } = parseSubscription(s.subscription);
      if (!err && project !== undefined && s.projectId !== undefined && s.projectId !== project) {
        ctx.addIssue({ code: "custom", path: ["projectId"], message: `${quote(s.projectId)} contradicts the project of subscription (${quote(project)}); drop projectId`, input: s.projectId });
      }
    }
    checkSecretParameters(ctx, s.auth, [GCP_CREDENTIALS], "gcp-pubsub");
    checkPodIdentity(ctx, s.auth, ["gcp"], "gcp-pubsub");
  }, EVERY_PROBLEM);
export type PubSubSource = z.output<typeof PubSubSource>;

/**
 * KEDA's prometheus trigger on Cloud Monitoring's PromQL API, as the migration post writes it: the metric by
 * its full name in `__name__`, the monitored resource and its labels as PromQL labels.
 */
function prometheusTrigger(project: string, id: string, t: SourceTarget): KedaTriggerSpec {
  const series = `{"__name__"="pubsub.googleapis.com/subscription/num_undelivered_messages","monitored_resource"="pubsub_subscription","project_id"="${project}","subscription_id"="${id}"}`;
  return {
    type: "prometheus",
    metadata: { serverAddress: monitoringPrometheusUrl(project), query: `max(${series})`, threshold: numberString(t.perReplica), ...activationMetadata("activationThreshold", t) },
  };
}

/** The KEDA `gcp-pubsub` trigger (https://keda.sh/docs/2.17/scalers/gcp-pub-sub/). */
function gcpPubsubTrigger(s: PubSubSource, t: SourceTarget): KedaTriggerSpec {
  const { project, id } = parseSubscription(s.subscription);
  const subscriptionName = project === undefined && s.projectId !== undefined ? `projects/${s.projectId}/subscriptions/${id}` : s.subscription;
  return { type: "gcp-pubsub", metadata: { subscriptionName, mode: "SubscriptionSize", value: numberString(t.perReplica), ...activationMetadata("activationValue", t) } };
}

/** The prometheus form, or the issue when the subscription's project is unknown (the PromQL URL names it). */
function promForm(s: PubSubSource, t: SourceTarget, why: string): Mapped<KedaTriggerSpec> {
  const { project = s.projectId, id } = parseSubscription(s.subscription);
  if (project === undefined) {
    return {
      issues: [{ code: "required", path: [...t.path, "projectId"], message: `is required: ${why} reads Cloud Monitoring's PromQL API, whose URL names the project; set projectId or write subscription as "projects/<project>/subscriptions/${id}"` }],
    };
  }
  return { value: prometheusTrigger(project, id, t) };
}

function choice(t: SourceTarget, message: string): Diagnostic {
  return { severity: "info", code: "pubsub_keda_scaler", path: t.path, message };
}

export const pubsub = defineSource({
  key: "pubsub",
  title: "Google Cloud Pub/Sub subscription",
  schema: PubSubSource,
  kinds: ["queue"],
  credentialParameters: [GCP_CREDENTIALS],
  docs: "https://keda.sh/docs/2.18/scalers/gcp-pub-sub/",
  auth: (s) => s.auth,
  kubernetes(s, t) {
    const issues = gcpKubernetesAuthIssues(s.auth, t, "gcp-pubsub");
    const version = t.kedaVersion ?? PUBSUB_DEPRECATED_SINCE;
    if (versionBelow(version, PUBSUB_DEPRECATED_SINCE)) {
      if (issues.length) return { issues };
      return {
        value: gcpPubsubTrigger(s, t),
        warnings: [choice(t, `compiled to KEDA's gcp-pubsub scaler (cluster.kedaVersion ${version} < ${PUBSUB_DEPRECATED_SINCE}; KEDA ${PUBSUB_DEPRECATED_SINCE} deprecates it for the prometheus scaler on Cloud Monitoring's PromQL API, which polyscale emits from then on: ${DEPRECATION_POST})`)],
      };
    }
    const mapped = promForm(s, t, "on KEDA >= 2.18 the subscription");
    if (issues.length || mapped.issues) return { issues: [...issues, ...(mapped.issues ?? [])] };
    return {
      value: mapped.value!,
      warnings: [choice(t, `compiled to KEDA's prometheus scaler on Cloud Monitoring's PromQL API, not gcp-pubsub: KEDA ${PUBSUB_DEPRECATED_SINCE}+ deprecates gcp-pubsub and recommends this form (${DEPRECATION_POST}); the same auth serves it`)],
    };
  },
  containerApps(s, t) {
    const issues = gcpContainerAppsAuthIssues(s.auth, t, "prometheus");
    const mapped = promForm(s, t, "on container-apps the subscription");
    if (issues.length || mapped.issues) return { issues: [...issues, ...(mapped.issues ?? [])] };
    return {
      value: { custom: mapped.value! },
      warnings: [choice(t, `compiled to a custom prometheus rule on Cloud Monitoring's PromQL API, KEDA's replacement for the deprecated gcp-pubsub scaler (${DEPRECATION_POST})`)],
    };
  },
  containerAppsIdentity: false,
  alternatives: {
    ecs: "ECS scales on CloudWatch metrics only: publish the subscription's backlog to CloudWatch as a custom metric and use from.cloudWatch, or move the queue to SQS (from.sqs)",
    "cloud-run": "Cloud Run scales on requests: give the subscription a push endpoint on the service (a Pub/Sub push subscription) and scale with `inFlight` concurrency, or run the pull consumer as a Cloud Run worker pool",
  },
  examples: [
    { subscription: "projects/my-project/subscriptions/orders", auth: { secret: { name: "pubsub-reader", parameters: { [GCP_CREDENTIALS]: "credentials.json" } } } },
    { subscription: "orders-worker", projectId: "shop-prod-42", auth: { secret: { parameters: { [GCP_CREDENTIALS]: "google-application-credentials" } } } },
  ],
});
