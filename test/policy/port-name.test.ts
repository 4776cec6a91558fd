import { describe, expect, it } from "vitest";
import { PolicyError, parsePolicy } from "../../src/policy";
import { isPortName } from "../../src/policy/kubernetes-names";

// The cases of k8s.io/apimachinery/pkg/util/validation/validation_test.go TestIsValidPortName.
const GOOD = ["telnet", "re-mail-ck", "pop3", "a", "a-1", "1-a", "a-1-b-2-c", "1-a-2-b-3"];
const BAD = ["longerthan15characters", "", "12345", "1-2-3-4", "-begin", "end-", "two--hyphens", "whois++"];

describe("monitoring.port names (IANA service names)", () => {
  it.each(GOOD)("accepts %j", (name) => expect(isPortName(name)).toBe(true));
  it.each(BAD)("refuses %j", (name) => expect(isPortName(name)).toBe(false));

  it("refuses a port number written as a string at monitoring.port, naming the number form", () => {
    const policy = { service: "shop", scaling: { replicas: { min: 2, max: 10 }, metrics: [{ cpu: { utilization: 60 } }] }, monitoring: { port: "9090" } };
    let error: unknown;
    try {
      parsePolicy(policy);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyError);
    const issues = (error as PolicyError).issues;
    expect(issues.map((i) => i.path.join("."))).toEqual(["monitoring.port"]);
    expect(issues[0]!.message).toMatch(/a container port number without quotes \(9090\), got "9090"$/);
  });

  it("keeps a 15-character name and a port number", () => {
    const base = { service: "shop", scaling: { replicas: { min: 2, max: 10 }, metrics: [{ cpu: { utilization: 60 } }] } };
    expect(parsePolicy({ ...base, monitoring: { port: "metrics-endpnt1" } }).monitoring?.port).toBe("metrics-endpnt1");
    expect(parsePolicy({ ...base, monitoring: { port: 9090 } }).monitoring?.port).toBe(9090);
  });
});
