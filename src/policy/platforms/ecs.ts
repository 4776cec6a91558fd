import { z } from "zod";
import { duration } from "../units";
import { EVERY_PROBLEM, expected, quote } from "../messages";
import { isTimeZone } from "../metrics";
import { int32 } from "../units";
import { parseAwsSchedule } from "../aws-schedule";

/**
 * ECS cluster and service names: "Up to 255 letters (uppercase and lowercase), numbers, underscores, and
 * hyphens are allowed" (ECS CreateCluster / CreateService `clusterName` / `serviceName`).
 */
const ECS_NAME_RE = /^[A-Za-z0-9_-]{1,255}$/;
export function ecsNameError(what: "cluster" | "service", name: string): string | undefined {
  return ECS_NAME_RE.test(name)
    ? undefined
    : `must be an ECS ${what} name (1..255 letters, digits, '_' or '-'), got ${quote(name)}`;
}
const ecsName = (what: "cluster" | "service") =>
  z.string(expected(`an ECS ${what} name`)).superRefine((s, ctx) => {
    const err = ecsNameError(what, s);
    if (err) ctx.addIssue({ code: "custom", message: err, input: s });
  });

/**
 * Printable characters only: the Application Auto Scaling model gives `PolicyName` the Java pattern
 * `\p{Print}+` (US-ASCII 0x20..0x7E).
 */
const PRINTABLE_RE = /^[\x20-\x7e]+$/;

/**
 * Application Auto Scaling quota "Scheduled actions per scalable target": 200
 * (https://docs.aws.amazon.com/autoscaling/application/userguide/application-autoscaling-limits.html).
 */
export const ECS_MAX_SCHEDULED_ACTIONS = 200;

/** A PutScheduledAction `Schedule`: at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(6 fields) (src/policy/aws-schedule.ts). */
const awsSchedule = z.string(expected("an at(...), rate(...) or cron(...) expression")).superRefine((s, ctx) => {
  const r = parseAwsSchedule(s);
  if (!r.ok) ctx.addIssue({ code: "custom", message: r.message, input: s });
});

/**
 * A user-named action; the AWS name is `<namePrefix>-<name>` (ScheduledActionName: 1..256 characters, no
 * control characters, ':', '/' or '|', no leading or trailing space).
 */
const actionName = z
  .string(expected("an action name"))
  .min(1)
  .max(48, expected("at most 48 characters (with the name prefix and -stop/-start it stays within the API's 256)"))
  .regex(/^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/, expected("printable ASCII without leading or trailing spaces (the API's ScheduledActionName pattern)"))
  .regex(/^[^:/|]+$/, expected("free of ':', '/' and '|' (the API's ScheduledActionName pattern)"));

/** An RFC 3339 instant with a zone (`2026-12-24T18:00:00Z`), as @pulumi/aws takes StartTime / EndTime. */
const RFC3339_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
export function rfc3339Ms(s: string): number | undefined {
  const m = RFC3339_RE.exec(s);
  if (!m) return undefined;
  const [y, mo, d, h, mi, se] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate() || h > 23 || mi > 59 || se > 59) return undefined;
  return Date.parse(s);
}
const instant = z.string(expected("an RFC 3339 instant")).refine((s) => rfc3339Ms(s) !== undefined, expected('an RFC 3339 instant with a zone, like "2026-12-24T18:00:00Z"'));
const timezone = z.string().max(64).refine(isTimeZone, expected('an IANA time zone like "Europe/Berlin" or "UTC"'));
/** ScalableTargetAction capacities (API: Integer); the compiler checks them against replicas and the ECS quota. */
const capacity = int32(0);

const scheduleWindow = {
  /** IANA time zone of at() and cron() (AWS default: UTC). */
  timezone: timezone.optional(),
  /** RFC 3339 instant: the action first runs then, and then on its schedule (AWS StartTime). */
  startTime: instant.optional(),
  /** RFC 3339 instant: the action stops repeating after it (AWS EndTime). */
  endTime: instant.optional(),
};

const windowOrder = (a: { startTime?: unknown; endTime?: unknown }, ctx: z.RefinementCtx) => {
  const s = typeof a.startTime === "string" ? rfc3339Ms(a.startTime) : undefined;
  const e = typeof a.endTime === "string" ? rfc3339Ms(a.endTime) : undefined;
  if (s !== undefined && e !== undefined && e <= s) ctx.addIssue({ code: "custom", path: ["endTime"], message: `must be after startTime (${a.startTime}), got ${quote(a.endTime as string)}`, input: a.endTime });
};
const capacityOrder = (a: { minCapacity?: unknown; maxCapacity?: unknown }, ctx: z.RefinementCtx) => {
  if (typeof a.minCapacity === "number" && typeof a.maxCapacity === "number" && a.minCapacity > a.maxCapacity) {
    ctx.addIssue({ code: "custom", path: ["maxCapacity"], message: `must be at least minCapacity (${a.minCapacity}), got ${a.maxCapacity}`, input: a.maxCapacity });
  }
};

/** One Application Auto Scaling scheduled action: set min and/or max capacity on a schedule. */
export const EcsScheduledAction = z
  .strictObject({
    name: actionName,
    schedule: awsSchedule,
    ...scheduleWindow,
    /** The new minimum capacity (tasks): below it, ECS scales out at once. */
    minCapacity: capacity.optional(),
    /** The new maximum capacity (tasks): above it, ECS scales in at once. */
    maxCapacity: capacity.optional(),
  })
  .superRefine((a, ctx) => {
    if (a.minCapacity === undefined && a.maxCapacity === undefined) {
      ctx.addIssue({ code: "custom", message: "needs minCapacity, maxCapacity or both (a scheduled action that sets neither does nothing)", input: a });
    }
    capacityOrder(a, ctx);
    windowOrder(a, ctx);
  }, EVERY_PROBLEM);

/** A scheduled stop (0/0 tasks at `stop`) and start (back to minCapacity/maxCapacity at `start`). */
export const EcsStopStart = z
  .strictObject({
    name: actionName,
    /** When to stop: min and max capacity 0. */
    stop: awsSchedule,
    /** When to start again. */
    start: awsSchedule,
    ...scheduleWindow,
    /** Min capacity at `start`. @default scaling.replicas.min */
    minCapacity: capacity.optional(),
    /** Max capacity at `start`. @default scaling.replicas.max */
    maxCapacity: capacity.optional(),
  })
  .superRefine((a, ctx) => {
    if (typeof a.stop === "string" && a.stop === a.start) ctx.addIssue({ code: "custom", path: ["start"], message: "must differ from `stop`", input: a.start });
    capacityOrder(a, ctx);
    windowOrder(a, ctx);
  }, EVERY_PROBLEM);

function uniqueNames(o: { scheduledActions?: unknown; stopStart?: unknown }, ctx: z.RefinementCtx): void {
  const seen = new Map<string, string>();
  for (const key of ["scheduledActions", "stopStart"] as const) {
    const list = o[key];
    if (!Array.isArray(list)) continue;
    list.forEach((a: unknown, i) => {
      const name = (a as { name?: unknown } | null)?.name;
      if (typeof name !== "string") return;
      const first = seen.get(name);
      if (first !== undefined) ctx.addIssue({ code: "custom", path: [key, i, "name"], message: `must be unique among scheduledActions and stopStart (${first} has it too), got ${quote(name)}`, input: name });
      else seen.set(name, `${key}[${i}]`);
    });
  }
}

/** ECS-only knobs (Application Auto Scaling target tracking). */
export const EcsOptions = z.strictObject({
  /**
   * Target tracking has no scale rate limits: `scaleUp.policies` / `scaleDown.policies` cannot be honoured.
   * `error` refuses them; `warn` compiles without them (for one policy shared with Kubernetes). @default error
   */
  unsupportedBehavior: z.enum(["error", "warn"]).default("error"),
  /**
   * Cooldowns (ECS `ScaleOutCooldown` / `ScaleInCooldown`, whole seconds). They override the ones derived
   * from `scaleUp.stabilization` / `scaleDown.stabilization`. When neither is given, the policy leaves the
   * field unset and AWS uses its default (300 s for ECS services).
   */
  cooldown: z.strictObject({ out: duration({ min: 0 }).optional(), in: duration({ min: 0 }).optional() }).optional(),
  /** ECS cluster name (the `<cluster>` of `service/<cluster>/<service>`). Required by `polyscale render --platform ecs`. */
  cluster: ecsName("cluster").optional(),
  /** ECS service name. @default the policy's `service` */
  service: ecsName("service").optional(),
  /**
   * Prefix of the generated policy and scheduled action names (`<prefix>-cpu-scaling`, ...).
   * At most 200 printable characters, so every generated name stays within the API's 256.
   * @default the policy's `service`
   */
  namePrefix: z
    .string()
    .min(1)
    .max(200, expected("policy names are limited to 256"))
    .regex(PRINTABLE_RE, expected("printable ASCII (the API's PolicyName pattern \\p{Print}+)"))
    .regex(/^[^:/|]+$/, expected("free of ':', '/' and '|' (the API's ScheduledActionName pattern)"))
    .optional(),
  /** Scheduled actions (Application Auto Scaling PutScheduledAction): min and/or max capacity at an at(), rate() or cron() schedule. */
  scheduledActions: z.array(EcsScheduledAction).max(ECS_MAX_SCHEDULED_ACTIONS).optional(),
  /** Scheduled stop/start pairs: 0/0 tasks at `stop`, back to min/max at `start`. */
  stopStart: z.array(EcsStopStart).max(ECS_MAX_SCHEDULED_ACTIONS / 2).optional(),
}).superRefine(uniqueNames, EVERY_PROBLEM);
export type EcsOptions = z.infer<typeof EcsOptions>;
