/**
 * tpa.yaml beside a Terraform configuration: what the policy knows of the tenant that HCL does not say
 * (eligibility for permissive apps, the profile, the login experience), the environment's gates, and
 * suppressions by resource address. The same schemas as the environment files (config/schema.ts).
 */
import { z } from "zod";
import { gatesSchema, suppressionSchema, tenantSchema } from "../config/schema";

export const checkSettingsSchema = z.strictObject({
  /** the tenant's facts; domain defaults to the auth0 provider block's */
  tenant: tenantSchema.extend({ domain: tenantSchema.shape.domain.optional() }).optional(),
  gates: gatesSchema.optional(),
  /** target: a resource block's address (auth0_client.legacy, module.partners.auth0_client.this), or one instance's (auth0_client.partner["b"]) */
  suppressions: z.array(suppressionSchema).default([]),
});

export type CheckSettings = z.output<typeof checkSettingsSchema>;
