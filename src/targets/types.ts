import { PolicyError, type PathSegment, type PolicyIssue } from "../policy/errors";
import type { MetricKind } from "../types";
import type { ScalingPolicy } from "../types";

export const PLATFORMS = ["kubernetes", "ecs", "container-apps", "cloud-run"] as const;
export type PlatformName = (typeof PLATFORMS)[number];

/** A non-fatal finding of a compiler (the policy compiles, but something deserves attention). */
export interface Diagnostic {
  severity: "warning" | "info";
  code: string;
  path: PathSegment[];
  message: string;
}

/** What `polyscale render` prints for one policy on one platform. */
export interface RenderResult {
  /** Plain objects: Kubernetes manifests, or provider resource args tagged with their resource type. */
  documents: Record<string, unknown>[];
  warnings: Diagnostic[];
}

/** How a platform handles a metric kind: natively (and through what), or not (and what to use instead). */
export type Capability = { supported: true; via: string } | { supported: false; alternative: string };
export type Capabilities = Record<MetricKind, Capability>;

export interface PlatformTarget {
  name: PlatformName;
  /** Human name for messages and tables. */
  title: string;
  capabilities: Capabilities;
  render(policy: ScalingPolicy): RenderResult;
}

/** The issue for a metric a platform cannot act on, naming the metric, the platform and the nearest alternative. */
export function unsupportedMetric(platform: PlatformName, index: number, kind: MetricKind, alternative: string, detail?: string): PolicyIssue {
  return {
    code: "unsupported_metric",
    path: ["scaling", "metrics", index, kind],
    message: `metric \`${kind}\`${detail ? ` (${detail})` : ""} is not supported on ${platform}; nearest alternative: ${alternative}`,
  };
}

/** Throw once with every collected issue (awsx-style: users fix all problems in one pass). */
export function throwIfIssues(issues: PolicyIssue[], platform: PlatformName, service: string): void {
  if (issues.length > 0) throw new PolicyError(issues, `Policy for ${JSON.stringify(service)} cannot be compiled for ${platform}`);
}
