import { cimdEnabled, usableUserDefaults } from "../auth0";
import { rule, where } from "../rule";

export const TPA302 = rule(
  {
    id: "TPA302",
    title: "CIMD enabled without default user permissions",
    severity: "error",
    fact: "Clients registered through Client ID Metadata Documents (client_id_metadata_document_supported) are always strict and, like DCR clients, reach APIs only through default grants with subject_type user.",
    source: "docs/auth0-facts.md#cimd",
    fix: "Add default permissions with subjectType user for the APIs CIMD clients need, or turn CIMD off.",
  },
  (ctx) => {
    if (usableUserDefaults(ctx).length > 0) return [];
    return where(ctx.ofType("auth0_tenant"), (t) => cimdEnabled(ctx, t)).map((tenant) => ({
      resource: tenant,
      attribute: "client_id_metadata_document_supported",
      message: "CIMD is on and no default user grant exists: every CIMD client is locked out of every API",
    }));
  },
);
