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
export type CronResult = { ok: true; expression: string } | { ok: false; message: string };

const DOW_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

function shiftDow(field: string): string | undefined {
  if (field === "*") return "*";
  if (field.includes("/")) return undefined;
  const items = field.split(",").map((part) => {
    const range = part.split("-");
    if (range.length > 2) return undefined;
    const mapped = range.map((x) => {
      if (/^\d+$/.test(x)) {
        const n = Number(x);
        if (n > 7) return undefined;
        return String((n % 7) + 1);
      }
      const up = x.toUpperCase();
      return DOW_NAMES.includes(up) ? up : undefined;
    });
    if (mapped.some((m) => m === undefined)) return undefined;
    // "5-7" (Fri..Sun) would become "6-1": spell a wrapped range as a list instead.
    if (mapped.length === 2 && /^\d+$/.test(mapped[0]!) && /^\d+$/.test(mapped[1]!) && Number(mapped[0]) > Number(mapped[1])) {
      const a = Number(mapped[0]);
      const b = Number(mapped[1]);
      const days: number[] = [];
      for (let d = a; d <= 7; d++) days.push(d);
      for (let d = 1; d <= b; d++) days.push(d);
      return days.join(",");
    }
    return mapped.join("-");
  });
  if (items.some((i) => i === undefined)) return undefined;
  return items.join(",");
}

export function awsCron(unixCron: string): CronResult {
  const fields = unixCron.trim().split(/\s+/);
  if (fields.length !== 5) return { ok: false, message: `must have 5 fields (minute hour day-of-month month day-of-week), got ${JSON.stringify(unixCron)}` };
  const [minute, hour, dom, month, dow] = fields as [string, string, string, string, string];
  let awsDom = dom;
  let awsDow: string;
  if (dow === "*" || dow === "?") {
    awsDow = "?";
    if (dom === "?") awsDom = "*";
  } else {
    if (dom !== "*" && dom !== "?") {
      return {
        ok: false,
        message: `sets both day-of-month (${dom}) and day-of-week (${dow}), which AWS cron cannot combine (one of them must be "?"), got ${JSON.stringify(unixCron)}`,
      };
    }
    awsDom = "?";
    const shifted = shiftDow(dow);
    if (shifted === undefined) {
      return { ok: false, message: `day-of-week ${JSON.stringify(dow)} cannot be written in AWS cron (numbers 0-7, names SUN-SAT, ranges and lists; no "/" steps), got ${JSON.stringify(unixCron)}` };
    }
    awsDow = shifted;
  }
  return { ok: true, expression: `cron(${minute} ${hour} ${awsDom} ${month} ${awsDow} *)` };
}
