/**
 * 5-field Unix cron (minute hour day-of-month month day-of-week, as KEDA's `cron` scaler reads it) to the
 * 6-field `cron(Minutes Hours Day-of-month Month Day-of-week Year)` of Application Auto Scaling scheduled
 * actions (https://docs.aws.amazon.com/autoscaling/application/userguide/scheduled-scaling-using-cron-expressions.html).
 *
 * Differences handled here:
 * - AWS needs `?` in exactly one of day-of-month / day-of-week; Unix cron ORs them when both are set,
 *   which AWS cannot express (an error).
 * - Unix day-of-week numbers are 0-7 with Sunday = 0 or 7; AWS uses 1-7 with Sunday = 1. Names (MON-FRI)
 *   are the same on both sides.
 * - AWS day-of-week has no `/` step.
 */
import { parseCron, type CronField } from "../../policy/cron";

export type CronResult = { ok: true; expression: string } | { ok: false; message: string };

/** A Unix day-of-week field in AWS numbering (1-7, Sunday 1), or undefined when AWS cannot write it (a `/` step). */
function awsDayOfWeek(field: CronField): string | undefined {
  if (field.items.some((it) => it.stepped)) return undefined;
  return field.items
    .map((it) => {
      const mapped = it.tokens.map((t) => (/^\d+$/.test(t) ? String((Number(t) % 7) + 1) : t.toUpperCase()));
      const [a, b] = mapped.map(Number);
      // "5-7" (Fri..Sun) would become "6-1": spell a wrapped range as a list instead.
      if (mapped.length === 2 && a! > b!) {
        const days: number[] = [];
        for (let d = a!; d <= 7; d++) days.push(d);
        for (let d = 1; d <= b!; d++) days.push(d);
        return days.join(",");
      }
      return mapped.join("-");
    })
    .join(",");
}

export function awsCron(unixCron: string): CronResult {
  const parsed = parseCron(unixCron);
  if (!parsed.ok) return { ok: false, message: parsed.message };
  const [minute, hour, dom, month, dow] = parsed.cron.fields;
  const aws = (dayOfMonth: string, dayOfWeek: string) => `cron(${minute.text} ${hour.text} ${dayOfMonth} ${month.text} ${dayOfWeek} *)`;
  // Unrestricted day of week (`*`, robfig/cron's star bit): the day of month alone decides.
  if (dow.star) return { ok: true, expression: aws(dom.text, "?") };
  if (!dom.star) {
    return {
      ok: false,
      message: `sets both day-of-month (${dom.text}) and day-of-week (${dow.text}), which AWS cron cannot combine (one of them must be "?"), got ${JSON.stringify(unixCron)}`,
    };
  }
  const awsDow = awsDayOfWeek(dow);
  if (awsDow === undefined) {
    return { ok: false, message: `day-of-week ${JSON.stringify(dow.text)} cannot be written in AWS cron (numbers 0-7, names SUN-SAT, ranges and lists; no "/" steps), got ${JSON.stringify(unixCron)}` };
  }
  return { ok: true, expression: aws("?", awsDow) };
}
