import { daysOfWeek, parseCron } from "../policy/cron";

/**
 * KEDA's cron scaler parses `start` / `end` with robfig/cron v3 (`cron.NewParser(Minute | Hour | Dom | Month | Dow)`,
 * kedacore/keda pkg/scalers/cron_scaler.go), whose day-of-week bounds are 0-6 (robfig/cron spec.go `dow`).
 * The policy also accepts 7 for Sunday (Vixie cron), which that parser refuses ("above maximum"), so a
 * day-of-week field that uses 7 is written out as the list of days it means, with Sunday as 0.
 */

/** `expr` with a day-of-week field that uses 7 rewritten for robfig/cron (0-6); other expressions unchanged but trimmed. */
export function kedaCron(expr: string): string {
  const fields = expr.trim().split(/\s+/);
  const parsed = parseCron(expr);
  if (!parsed.ok) return fields.join(" ");
  const dow = parsed.cron.fields[4];
  if (!dow.items.some((it) => it.hi === 7)) return fields.join(" ");
  // `*` keeps the star bit (unrestricted for the day-of-month OR rule); a list of days would clear it.
  fields[4] = dow.star ? "*" : daysOfWeek(dow).join(",");
  return fields.join(" ");
}
