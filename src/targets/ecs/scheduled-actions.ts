/**
 * Application Auto Scaling scheduled actions for an ECS service, shaped like `@pulumi/aws`
 * `appautoscaling.ScheduledAction` args. Two origins:
 * - a `schedule` metric: a start / end pair on min capacity (replicas at `start`, back to replicas.min at `end`),
 *   its 5-field cron spelled as AWS cron(...);
 * - `scaling.ecs.scheduledActions` (min and/or max capacity at an at(), rate() or cron() schedule) and
 *   `scaling.ecs.stopStart` (0/0 at `stop`, back to min/max at `start`), written in AWS's own syntax.
 *
 * A scheduled action *replaces* the scalable target's min and/or max capacity when it runs; "If the current
 * capacity is below the minimum capacity, Application Auto Scaling scales out to the minimum capacity. If the
 * current capacity is above the maximum capacity, Application Auto Scaling scales in to the maximum capacity"
 * (PutScheduledAction, ScalableTargetAction). Pure: no Pulumi resource, no I/O.
 */
import type { PathSegment, PolicyIssue } from "../../policy/errors";
import type { EcsScheduleWindowInput, MetricOf, ScalingPolicy } from "../../types";
import { ECS_MAX_SCHEDULED_ACTIONS } from "../../policy/platforms/ecs";
import { parseAwsSchedule, type AwsSchedule, type LocalDateTime } from "../../policy/aws-schedule";
import type { Diagnostic } from "../types";
import { awsCron } from "./cron";
import { checkName } from "./names";

export interface EcsScheduledActionArgs {
  name: string;
  serviceNamespace: string;
  scalableDimension: string;
  resourceId: string;
  schedule: string;
  /** IANA time zone of at() / cron(); omitted = AWS default UTC. */
  timezone?: string;
  /** RFC 3339. */
  startTime?: string;
  /** RFC 3339. */
  endTime?: string;
  scalableTargetAction: { minCapacity?: number; maxCapacity?: number };
}

/** Where a scheduled action comes from: a `schedule` metric's start / end, or a user-written action. */
export type ScheduledActionOrigin =
  | { kind: "metric"; metricIndex: number; edge: "start" | "end" }
  | { kind: "action"; index: number }
  | { kind: "stopStart"; index: number; edge: "stop" | "start" };

export interface NamedScheduledAction {
  /** Pulumi logical name (also the AWS ScheduledActionName). */
  name: string;
  /** Index of the `schedule` metric it comes from (metric actions only). */
  metricIndex?: number;
  origin: ScheduledActionOrigin;
  args: EcsScheduledActionArgs;
}

/**
 * ECS service quota "Tasks per service": 5,000, not adjustable
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html).
 */
export const ECS_MAX_TASKS_PER_SERVICE = 5000;

type Base = { serviceNamespace: string; scalableDimension: string; resourceId: string };

interface Ctx {
  policy: ScalingPolicy;
  issues: PolicyIssue[];
  warnings: Diagnostic[];
}

const ECS_PATH = ["scaling", "ecs"] as const;

/** A `schedule` metric as a start / end pair on min capacity. */
export function metricScheduledActions(ctx: Ctx, m: MetricOf<"schedule">, i: number, stem: string, base: Base): NamedScheduledAction[] {
  const { issues, policy } = ctx;
  // replicas <= replicas.max is checked for every platform when the policy loads (policy.ts).
  const { min } = policy.scaling!.replicas;
  const start = awsCron(m.start);
  const end = awsCron(m.end);
  if (!start.ok) issues.push({ code: "invalid_cron", path: ["scaling", "metrics", i, "schedule", "start"], message: start.message });
  if (!end.ok) issues.push({ code: "invalid_cron", path: ["scaling", "metrics", i, "schedule", "end"], message: end.message });
  if (!start.ok || !end.ok) return [];
  const out: NamedScheduledAction[] = [
    { name: `${stem}-start`, metricIndex: i, origin: { kind: "metric", metricIndex: i, edge: "start" }, args: { name: `${stem}-start`, ...base, schedule: start.expression, timezone: m.timezone, scalableTargetAction: { minCapacity: m.replicas } } },
    { name: `${stem}-end`, metricIndex: i, origin: { kind: "metric", metricIndex: i, edge: "end" }, args: { name: `${stem}-end`, ...base, schedule: end.expression, timezone: m.timezone, scalableTargetAction: { minCapacity: min } } },
  ];
  for (const a of out) checkName("scheduled action", a.name, ["scaling", "ecs", "namePrefix"], issues);
  return out;
}

/** `scaling.ecs.scheduledActions` / `stopStart` refused when nothing registers a scalable target (mode external). */
export function scheduledActionsWithoutTarget(policy: ScalingPolicy): PolicyIssue[] {
  const ecs = policy.scaling?.ecs;
  return (["scheduledActions", "stopStart"] as const)
    .filter((k) => (ecs?.[k]?.length ?? 0) > 0)
    .map((k) => ({
      code: "unsupported",
      path: [...ECS_PATH, k],
      message: "needs a scalable target, and scaling.mode external registers none (an outside controller owns the desired count); nearest alternative: mode autoscale or fixed",
    }));
}

function window(w: EcsScheduleWindowInput): Pick<EcsScheduledActionArgs, "timezone" | "startTime" | "endTime"> {
  const out: Pick<EcsScheduledActionArgs, "timezone" | "startTime" | "endTime"> = {};
  if (w.timezone !== undefined) out.timezone = w.timezone;
  if (w.startTime !== undefined) out.startTime = w.startTime;
  if (w.endTime !== undefined) out.endTime = w.endTime;
  return out;
}

/** Capacities of a user action inside scaling.replicas and the ECS task quota; one issue per problem. */
function checkCapacity(ctx: Ctx, path: PathSegment[], field: "minCapacity" | "maxCapacity", value: number | undefined): void {
  if (value === undefined) return;
  const { min, max } = ctx.policy.scaling!.replicas;
  if (value > ECS_MAX_TASKS_PER_SERVICE) {
    ctx.issues.push({ code: "too_big", path: [...path, field], message: `must be at most ${ECS_MAX_TASKS_PER_SERVICE} on ecs (service quota "Tasks per service", not adjustable), got ${value}` });
  } else if (value < min || value > max) {
    ctx.issues.push({
      code: value < min ? "too_small" : "too_big",
      path: [...path, field],
      message: `must be within scaling.replicas (${min}..${max}): the replica bounds are the envelope every scheduled action stays in (scale to 0 with stopStart), got ${value}`,
    });
  }
}

function parsed(text: string): AwsSchedule {
  const r = parseAwsSchedule(text);
  if (!r.ok) throw new Error(`unreachable: ${r.message}`); // validated when the policy loaded
  return r.schedule;
}

function localKey(t: LocalDateTime): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(t.year, 4)}-${p(t.month)}-${p(t.day)}T${p(t.hour)}:${p(t.minute)}:${p(t.second)}`;
}

/**
 * A stop/start pair that leaves the service stopped where it is not obvious: a one-off start at or before
 * a one-off stop, or a recurring stop whose start runs once.
 */
function stopStartWarnings(ctx: Ctx, path: PathSegment[], stop: AwsSchedule, start: AwsSchedule): void {
  if (stop.kind === "at" && start.kind === "at" && localKey(start.at) <= localKey(stop.at)) {
    ctx.warnings.push({ severity: "warning", code: "ecs_stopped_for_good", path: [...path, "start"], message: `runs at or before the stop (${stop.text}): after the stop the service stays at 0 tasks` });
  } else if (stop.kind !== "at" && start.kind === "at") {
    ctx.warnings.push({ severity: "warning", code: "ecs_stopped_for_good", path: [...path, "start"], message: `runs once, but the stop (${stop.text}) recurs: after the first stop that follows it, the service stays at 0 tasks` });
  }
}

/** `scaling.ecs.scheduledActions` and `stopStart` as scheduled actions; `taken` are the names already generated. */
export function ecsOwnScheduledActions(ctx: Ctx, prefix: string, base: Base, taken: readonly NamedScheduledAction[]): NamedScheduledAction[] {
  const ecs = ctx.policy.scaling!.ecs;
  const { min, max } = ctx.policy.scaling!.replicas;
  const out: NamedScheduledAction[] = [];
  const names = new Set(taken.map((a) => a.name));
  const add = (a: NamedScheduledAction, namePath: PathSegment[]) => {
    if (names.has(a.name)) {
      ctx.issues.push({ code: "duplicate", path: namePath, message: `generated scheduled action name ${JSON.stringify(a.name)} is already used by a schedule metric's action; choose another name` });
    }
    names.add(a.name);
    checkName("scheduled action", a.name, namePath, ctx.issues);
    out.push(a);
  };
  (ecs?.scheduledActions ?? []).forEach((a, index) => {
    const path: PathSegment[] = [...ECS_PATH, "scheduledActions", index];
    checkCapacity(ctx, path, "minCapacity", a.minCapacity);
    checkCapacity(ctx, path, "maxCapacity", a.maxCapacity);
    const action: EcsScheduledActionArgs["scalableTargetAction"] = {};
    if (a.minCapacity !== undefined) action.minCapacity = a.minCapacity;
    if (a.maxCapacity !== undefined) action.maxCapacity = a.maxCapacity;
    const name = `${prefix}-${a.name}`;
    add({ name, origin: { kind: "action", index }, args: { name, ...base, schedule: a.schedule, ...window(a), scalableTargetAction: action } }, [...path, "name"]);
  });
  (ecs?.stopStart ?? []).forEach((p, index) => {
    const path: PathSegment[] = [...ECS_PATH, "stopStart", index];
    checkCapacity(ctx, path, "minCapacity", p.minCapacity);
    checkCapacity(ctx, path, "maxCapacity", p.maxCapacity);
    const startMin = p.minCapacity ?? min;
    const startMax = p.maxCapacity ?? max;
    stopStartWarnings(ctx, path, parsed(p.stop), parsed(p.start));
    for (const edge of ["stop", "start"] as const) {
      const name = `${prefix}-${p.name}-${edge}`;
      const scalableTargetAction = edge === "stop" ? { minCapacity: 0, maxCapacity: 0 } : { minCapacity: startMin, maxCapacity: startMax };
      add({ name, origin: { kind: "stopStart", index, edge }, args: { name, ...base, schedule: p[edge], ...window(p), scalableTargetAction } }, [...path, "name"]);
    }
  });
  const total = taken.length + out.length;
  if (total > ECS_MAX_SCHEDULED_ACTIONS) {
    ctx.issues.push({ code: "too_big", path: [...ECS_PATH], message: `compiles to ${total} scheduled actions (schedule metrics: 2 each, stopStart: 2 each); Application Auto Scaling allows ${ECS_MAX_SCHEDULED_ACTIONS} per scalable target` });
  }
  return out;
}
