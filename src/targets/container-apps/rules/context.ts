import type { PathSegment, PolicyIssue } from "../../../policy/errors";
import type { ScalingPolicy } from "../../../types";
import type { Diagnostic } from "../../types";
import type { CustomScaleRule, QueueScaleRule, HttpScaleRule, TcpScaleRule } from "../scale-args";

export const PLATFORM = "container-apps" as const;

/** What rule builders collect while compiling one policy. */
export interface RuleContext {
  policy: ScalingPolicy;
  issues: PolicyIssue[];
  warnings: Diagnostic[];
  secretRefs: Set<string>;
}

/** The body of one scale rule (everything but its name): exactly one rule kind is set. */
export interface RuleBody {
  http?: HttpScaleRule;
  tcp?: TcpScaleRule;
  custom?: CustomScaleRule;
  azureQueue?: QueueScaleRule;
  /** KEDA scaler type the rule's auth is checked against (undefined: the rule takes no credentials). */
  scaler?: string;
}

/** Path of a field of `scaling.metrics[i].<kind>`. */
export function mpath(i: number, kind: string, ...rest: PathSegment[]): PathSegment[] {
  return ["scaling", "metrics", i, kind, ...rest];
}

/** Rule metadata is stored in plain text; credentials go through Container App secrets (`auth`). */
export const CREDENTIALS_IN_URL =
  "must not carry credentials (a user name, password or token in the URL would be stored in plain text in the rule metadata); give the URL without them and fill the credentials from Container App secrets (scaling.containerApps.rules[].auth)";

/** The Prometheus URL a KEDA prometheus rule needs. */
export const PROMETHEUS_SERVER_REQUIRED =
  "is required on container-apps (the KEDA prometheus rule needs a Prometheus URL reachable from the Container Apps environment; scaling.kubernetes.prometheus is an in-cluster setting)";
