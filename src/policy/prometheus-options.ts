import { z } from "zod";
import type { PrometheusTriggerOptionsInput } from "../types";
import { dns1123Label } from "./kubernetes-names";
import { expected, quoteString } from "./messages";
import { int32 } from "./units";
import { isCredentialName } from "./url";

/**
 * The options of KEDA's `prometheus` trigger that are neither auth nor credentials
 * (kedacore/keda schema/generated/scalers-schema.json `prometheus`; keda.sh/docs/latest/scalers/prometheus),
 * written on every prometheus trigger polyscale renders: the `prometheus` metric kind and `from.prometheus`.
 * `awsRegion` and `identityOwner` belong to pod identity (auth), so they are not here.
 */

/**
 * KEDA reads a map parameter as `k1=v1,k2=v2`: split on ',', then each pair on '=' into exactly two parts,
 * both trimmed (kedacore/keda pkg/scalers/scalersconfig typed_config.go setConfigValueMap). A ',' or '=' inside
 * a key or value, or space around one, would change what KEDA reads.
 */
const MAP_TEXT = /^[^\s,=]([^,=]*[^\s,=])?$/;
const mapText = (what: string) =>
  z.string().max(1024).regex(MAP_TEXT, expected(`${what}: no ',' or '=' (KEDA's k1=v1,k2=v2 list) and no space at either end, at most 1024 characters`));

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const AUTH_INSTEAD = "credentials go through `auth` (a TriggerAuthentication reading a Secret), never into trigger metadata, which is plain text in the cluster";

export const CustomHeaders = z
  .record(
    mapText("a header name").regex(HEADER_NAME, expected("an HTTP header name (letters, digits and !#$%&'*+-.^_`|~)")),
    mapText("a header value").regex(/^[\x20-\x7e]*$/, expected("a header value of printable ASCII")),
  )
  .superRefine((headers, ctx) => {
    for (const name of Object.keys(headers)) {
      if (/^(proxy-)?authorization$|^cookie$/i.test(name) || isCredentialName(name)) {
        ctx.addIssue({ code: "custom", path: [name], message: `must not be a credential header (${quoteString(name)}): ${AUTH_INSTEAD}`, input: name });
      }
    }
  });

/** Parameters KEDA itself writes on the query URL (`query`, `time`) or that have their own option (`namespace`). */
const RESERVED_PARAMETERS = ["query", "time", "namespace"];

export const QueryParameters = z
  .record(mapText("a query parameter name"), mapText("a query parameter value"))
  .superRefine((params, ctx) => {
    for (const name of Object.keys(params)) {
      if (RESERVED_PARAMETERS.includes(name)) {
        ctx.addIssue({ code: "custom", path: [name], message: `must not be ${quoteString(name)}: KEDA sets ${name === "namespace" ? "it from the `namespace` option; use that" : "it on the query URL itself"}`, input: name });
      } else if (isCredentialName(name)) {
        ctx.addIssue({ code: "custom", path: [name], message: `must not carry a credential (${quoteString(name)}): ${AUTH_INSTEAD}`, input: name });
      }
    }
  });

/** The KEDA prometheus trigger options, spread into every schema that renders a prometheus trigger. */
export const prometheusTriggerOptions = {
  /**
   * KEDA `ignoreNullValues`: `true` reads an empty result as 0, `false` makes it an error. When unset it follows
   * `scaling.missingMetrics`: `hold`, `scaleUp` and fallback replicas need `false`, so an empty result triggers
   * the fallback (KEDA's own default is `true`).
   */
  ignoreNullValues: z.boolean().optional().describe("KEDA ignoreNullValues: true reads an empty result as 0, false makes it an error; unset follows scaling.missingMetrics"),
  /** KEDA `namespace`: the namespace of namespaced queries (Thanos querier and prom-label-proxy tenancy). */
  namespace: dns1123Label("namespace").optional().describe("KEDA namespace: the namespace of namespaced queries (Thanos)"),
  /** KEDA `customHeaders`: extra HTTP headers on the query, e.g. `X-Scope-OrgID` for Cortex or Mimir tenants. */
  customHeaders: CustomHeaders.optional().describe("KEDA customHeaders: extra HTTP headers on the query (no credentials)"),
  /** KEDA `queryParameters`: extra parameters on the query URL, e.g. Thanos `dedup` or `partial_response`. */
  queryParameters: QueryParameters.optional().describe("KEDA queryParameters: extra parameters on the query URL (no credentials)"),
  /** KEDA `unsafeSsl`: skip TLS certificate verification of the Prometheus server. */
  unsafeSsl: z.boolean().optional().describe("KEDA unsafeSsl: skip TLS certificate verification"),
  /** KEDA `timeout`: the HTTP client timeout of this trigger, in milliseconds (KEDA's global timeout when unset). */
  timeout: int32(1, "at least 1 millisecond; leave it out for KEDA's global HTTP timeout").optional().describe("KEDA timeout: HTTP client timeout in milliseconds"),
};

/** The options as parsed: nothing is defaulted, so the public input interface is also the parsed form. */
export type PrometheusTriggerOptions = PrometheusTriggerOptionsInput;

/** The option names, for messages and for the engines that cannot carry them. */
export const PROMETHEUS_TRIGGER_OPTIONS = Object.keys(prometheusTriggerOptions) as Array<keyof PrometheusTriggerOptions>;
