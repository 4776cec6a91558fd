/**
 * KEDA's cron scaler parses `start` / `end` with robfig/cron v3 (`cron.NewParser(Minute | Hour | Dom | Month | Dow)`,
 * kedacore/keda pkg/scalers/cron_scaler.go), whose day-of-week bounds are 0-6 (robfig/cron spec.go `dow`).
 * The policy also accepts 7 for Sunday (Vixie cron), which that parser refuses ("above maximum"), so a
 * day-of-week field that uses 7 is written out as the list of days it means, with Sunday as 0.
 */

const DOW_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

function dayNumber(v: string): number | undefined {
  if (/^\d+$/.test(v)) return Number(v);
  const i = DOW_NAMES.indexOf(v.toUpperCase());
  return i < 0 ? undefined : i;
}

/** The days (0-6) a day-of-week field means, or undefined when it cannot be read (left as it is). */
function days(field: string): number[] | undefined {
  const out = new Set<number>();
  for (const item of field.split(",")) {
    const [range, stepText] = item.split("/");
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!(step >= 1) || range === undefined) return undefined;
    const [a, b] = range === "*" ? [0, 7] : range.split("-").map(dayNumber);
    const hi = range === "*" ? 7 : range.includes("-") ? b : stepText === undefined ? a : 7;
    if (a === undefined || hi === undefined || a > hi) return undefined;
    for (let d = a; d <= hi; d += step) out.add(d % 7);
  }
  return [...out].sort((x, y) => x - y);
}

/** `expr` with a day-of-week field that uses 7 rewritten for robfig/cron (0-6); other expressions unchanged but trimmed. */
export function kedaCron(expr: string): string {
  const fields = expr.trim().split(/\s+/);
  const dow = fields[4];
  if (fields.length !== 5 || dow === undefined || !/(^|[^0-9])7([^0-9]|$)/.test(dow)) return fields.join(" ");
  const list = days(dow);
  if (list === undefined) return fields.join(" ");
  fields[4] = list.join(",");
  return fields.join(" ");
}
