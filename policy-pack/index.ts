// The polyscale CrossGuard pack: `pulumi preview --policy-pack ./policy-pack` (run `npm install` here first).
// Constructing the PolicyPack starts the policy server the Pulumi CLI talks to, so the policies live in
// `polyscale/policy-pack` (tested there) and this entry only serves them.
import { PolicyPack } from "@pulumi/policy";
import { polyscalePolicies } from "polyscale/policy-pack";

new PolicyPack("polyscale", { policies: polyscalePolicies });
