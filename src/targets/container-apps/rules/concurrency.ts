import type { MetricOf } from "../../../types";
import { INT32_MAX } from "../../output-values";
import { mpath, type RuleContext } from "./context";

/**
 * `perReplica` of an ingress rule (`http` concurrentRequests, `tcp` concurrentConnections) as its metadata string:
 * a whole number >= 1 within int32 (Learn scale-app: min 1). Undefined, with the issue, otherwise.
 */
export function ingressTarget(ctx: RuleContext, m: MetricOf<"requestRate"> | MetricOf<"inFlight">, i: number, field: string): string | undefined {
  const path = mpath(i, m.kind, "perReplica");
  if (m.kind === "requestRate" && m.perReplicaPerMinute !== undefined && !(Number.isInteger(m.perReplica) && m.perReplica >= 1)) {
    // The rule counts whole requests per second: a per-minute rate converts only when it is a multiple of 60.
    const lo = Math.max(1, Math.floor(m.perReplica));
    const hi = Math.max(1, Math.ceil(m.perReplica));
    ctx.issues.push({
      code: "invalid_value",
      path: mpath(i, m.kind, "perReplicaPerMinute"),
      message: `must be a multiple of 60 (at least 60) on container-apps (${field} is a whole number of requests per second, min 1), got ${m.perReplicaPerMinute} per minute = ${Number(m.perReplica.toPrecision(12))} per second; nearest alternatives: ${lo === hi ? lo * 60 : `${lo * 60} or ${hi * 60}`}`,
    });
    return undefined;
  }
  if (m.perReplica > INT32_MAX) {
    ctx.issues.push({ code: "too_big", path, message: `must be at most ${INT32_MAX} on container-apps (${field} is an int32), got ${m.perReplica}` });
    return undefined;
  }
  if (!Number.isInteger(m.perReplica) || m.perReplica < 1) {
    const lo = Math.max(1, Math.floor(m.perReplica));
    ctx.issues.push({
      code: "invalid_value",
      path,
      message: `must be a whole number >= 1 on container-apps (${field} is an integer, min 1), got ${m.perReplica}; nearest alternatives: ${lo === Math.ceil(m.perReplica) ? lo : `${lo} or ${Math.ceil(m.perReplica)}`}`,
    });
    return undefined;
  }
  return String(m.perReplica);
}

/** A `from` source is not read by an ingress rule: the platform counts at the app's ingress. */
export function warnSourceUnused(ctx: RuleContext, m: MetricOf<"requestRate"> | MetricOf<"inFlight">, i: number, rule: "http" | "tcp"): void {
  if (m.from === undefined) return;
  const given = Object.entries(m.from).filter(([, v]) => v !== undefined).map(([k]) => k);
  const what = rule === "http" ? "requests" : "connections";
  ctx.warnings.push({ severity: "info", code: `container_apps_${rule}_source_unused`, path: mpath(i, m.kind, "from"), message: `not used on container-apps: the ${rule} rule counts ${what} at the app's ingress (${given.join(", ")} ignored)` });
}
