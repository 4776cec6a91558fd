import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import { parsePolicy, parsePolicyFile, type ScalingPolicy } from "../../../src/policy";

export const FIXTURES = join(__dirname, "..", "..", "fixtures", "ecs");
export const ROOT = join(__dirname, "..", "..", "..");

export function loadExample(file: string): ScalingPolicy {
  const path = join(ROOT, "examples", "seeds", file);
  const [p] = parsePolicyFile(readFileSync(path, "utf8"), path);
  return p!;
}

/** A policy from a plain object with ECS defaults filled in (cluster `c1`). */
export function policy(scaling: Record<string, unknown>, extra: Record<string, unknown> = {}): ScalingPolicy {
  return parsePolicy({ service: "svc", ...extra, scaling: { replicas: { min: 1, max: 10 }, ecs: { cluster: "c1" }, ...scaling } });
}

// ---------- the seed's AWS CLI commands ----------

export interface SeedCommand {
  operation: string;
  flags: Record<string, string>;
}

/** Shell words of one command line (single and double quotes, no expansion: enough for the seed). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let cur = "";
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === "'" || ch === '"') {
      const end = line.indexOf(ch, i + 1);
      if (end < 0) throw new Error(`unterminated quote in ${line}`);
      cur += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(cur);
      cur = "";
      inWord = false;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

/** Every `aws application-autoscaling <operation> --flag value ...` command in the ```bash blocks of a markdown text. */
export function seedCommands(markdown: string): SeedCommand[] {
  const out: SeedCommand[] = [];
  for (const block of markdown.matchAll(/```bash\n([\s\S]*?)```/g)) {
    const joined = block[1]!.replace(/\\\n/g, " ");
    for (const cmd of joined.split(/\n(?=aws )/)) {
      const words = shellWords(cmd.trim());
      if (words[0] !== "aws" || words[1] !== "application-autoscaling") continue;
      const flags: Record<string, string> = {};
      for (let i = 3; i < words.length; i += 2) {
        if (!words[i]!.startsWith("--")) throw new Error(`unexpected word ${words[i]}`);
        flags[words[i]!.slice(2)] = words[i + 1]!;
      }
      out.push({ operation: words[2]!, flags });
    }
  }
  return out;
}

export function loadSeedCommands(): SeedCommand[] {
  return seedCommands(readFileSync(join(FIXTURES, "membrane-seed-ecs.md"), "utf8"));
}

const JSON_FLAGS = new Set(["target-tracking-scaling-policy-configuration", "step-scaling-policy-configuration", "scalable-target-action"]);
const NUMBER_FLAGS = new Set(["min-capacity", "max-capacity"]);

/** CLI flags to the API request (`--resource-id` → `ResourceId`), per the AWS CLI's mapping of request members. */
export function seedRequest(cmd: SeedCommand): Record<string, unknown> {
  const req: Record<string, unknown> = {};
  for (const [flag, value] of Object.entries(cmd.flags)) {
    const member = flag.split("-").map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
    req[member] = JSON_FLAGS.has(flag) ? JSON.parse(value) : NUMBER_FLAGS.has(flag) ? Number(value) : value;
  }
  return req;
}

// ---------- provider args → API request ----------

const RENAMES: Record<string, string> = { roleArn: "RoleARN" };

function pascal(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(pascal);
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [RENAMES[k] ?? k[0]!.toUpperCase() + k.slice(1), pascal(x)]));
  }
  return v;
}

export type RequestKind = "RegisterScalableTargetRequest" | "PutScalingPolicyRequest" | "PutScheduledActionRequest";

export const REQUEST_OF_TYPE: Record<string, RequestKind> = {
  "aws:appautoscaling/target:Target": "RegisterScalableTargetRequest",
  "aws:appautoscaling/policy:Policy": "PutScalingPolicyRequest",
  "aws:appautoscaling/scheduledAction:ScheduledAction": "PutScheduledActionRequest",
};

/**
 * `@pulumi/aws` args in the API's request shape: keys PascalCase, and the resource's `name` becomes the
 * request's `PolicyName` / `ScheduledActionName` (what the provider sends).
 */
export function toApiRequest(kind: RequestKind, args: Record<string, unknown>): Record<string, unknown> {
  const { name, ...rest } = args;
  const req = pascal(rest) as Record<string, unknown>;
  if (name !== undefined) {
    if (kind === "PutScalingPolicyRequest") req.PolicyName = name;
    else if (kind === "PutScheduledActionRequest") req.ScheduledActionName = name;
    else req.Name = name;
  }
  return req;
}

// ---------- the API model's request schema, closed ----------

/** Close every object type that has `properties` (`additionalProperties: false`): the API refuses unknown members. */
export function close(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(close);
  if (node === null || typeof node !== "object") return;
  const o = node as Record<string, unknown>;
  if (o.type === "object" && o.properties && o.additionalProperties === undefined) o.additionalProperties = false;
  for (const v of Object.values(o)) close(v);
}

let ajvCache: Ajv | undefined;
export function requestValidator(kind: RequestKind): ValidateFunction {
  if (!ajvCache) {
    const schema = JSON.parse(readFileSync(join(FIXTURES, "application-autoscaling-requests.schema.json"), "utf8"));
    close(schema);
    ajvCache = new Ajv({ strict: false, allErrors: true });
    ajvCache.addSchema(schema, "aas");
  }
  return ajvCache.getSchema(`aas#/definitions/${kind}`)!;
}

/** Validation errors of provider args against the API model (empty when valid). */
export function apiErrors(type: string, args: Record<string, unknown>): string[] {
  if (type === "aws:cloudwatch/metricAlarm:MetricAlarm") return putMetricAlarmErrors(args);
  const kind = REQUEST_OF_TYPE[type];
  if (!kind) return [`unknown resource type ${type}`];
  const v = requestValidator(kind);
  const req = toApiRequest(kind, args);
  // StepAdjustment bounds are strings in @pulumi/aws (the provider parses them) and Doubles in the API.
  const step = (req as any).StepScalingPolicyConfiguration;
  if (step?.StepAdjustments) {
    step.StepAdjustments = step.StepAdjustments.map((a: any) => ({
      ...a,
      ...(a.MetricIntervalLowerBound !== undefined ? { MetricIntervalLowerBound: Number(a.MetricIntervalLowerBound) } : {}),
      ...(a.MetricIntervalUpperBound !== undefined ? { MetricIntervalUpperBound: Number(a.MetricIntervalUpperBound) } : {}),
    }));
  }
  return v(req) ? [] : (v.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}

let cwAjv: Ajv | undefined;
/**
 * `aws.cloudwatch.MetricAlarm` args as the PutMetricAlarm request the provider sends (metricQueries[].metric becomes
 * MetricStat, dimensions a list; `${...}` interpolated alarm actions become an ARN), validated against the
 * botocore model (test/fixtures/ecs/cloudwatch-requests.schema.json, objects closed).
 */
export function putMetricAlarmErrors(args: Record<string, any>): string[] {
  if (!cwAjv) {
    const schema = JSON.parse(readFileSync(join(FIXTURES, "cloudwatch-requests.schema.json"), "utf8"));
    close(schema);
    cwAjv = new Ajv({ strict: false, allErrors: true });
    cwAjv.addSchema(schema, "cw");
  }
  const arn = "arn:aws:autoscaling:eu-west-1:123456789012:scalingPolicy:1:resource/ecs/service/c/s:policyName/p";
  const req: Record<string, unknown> = {
    AlarmName: args.name,
    AlarmDescription: args.alarmDescription,
    ComparisonOperator: args.comparisonOperator,
    Threshold: args.threshold,
    EvaluationPeriods: args.evaluationPeriods,
    DatapointsToAlarm: args.datapointsToAlarm,
    TreatMissingData: args.treatMissingData,
    ...(args.alarmActions ? { AlarmActions: args.alarmActions.map((a: string) => (a.startsWith("${") ? arn : a)) } : {}),
    Metrics: (args.metricQueries ?? []).map((q: any) => ({
      Id: q.id,
      ReturnData: q.returnData,
      ...(q.expression !== undefined ? { Expression: q.expression } : {}),
      ...(q.label !== undefined ? { Label: q.label } : {}),
      ...(q.metric
        ? { MetricStat: { Metric: { Namespace: q.metric.namespace, MetricName: q.metric.metricName, ...(q.metric.dimensions ? { Dimensions: Object.entries(q.metric.dimensions).map(([Name, Value]) => ({ Name, Value })) } : {}) }, Period: q.metric.period, Stat: q.metric.stat } }
        : {}),
    })),
  };
  const v = cwAjv.getSchema("cw#/definitions/PutMetricAlarmInput")!;
  return v(req) ? [] : (v.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}
