// The floor of cdktf itself: the same resources as a generated large tenant, written with the raw L1 bindings,
// no configuration loading, no policy, no reports. Usage: node dist/bench/l1-floor.js APPS OUTDIR [--light-traces]
// (--light-traces: with the token stack-trace saving tpa synth uses, to show the policy's own overhead)
import { App, TerraformStack } from "cdktf";
import { Auth0Provider } from "../.gen/providers/auth0/provider";
import { Client } from "../.gen/providers/auth0/client";
import { ClientGrant } from "../.gen/providers/auth0/client-grant";
import { ResourceServer } from "../.gen/providers/auth0/resource-server";
import { ResourceServerScopes } from "../.gen/providers/auth0/resource-server-scopes";
import { Tenant } from "../.gen/providers/auth0/tenant";
import { withLightTokenTraces } from "../stacks/token-traces";

function main(apps: number, outdir: string, apiCount = 20): void {
  const app = new App({ outdir, stackTraces: false });
  const stack = new TerraformStack(app, "bench");
  new Auth0Provider(stack, "auth0", { domain: "acme-bench.eu.auth0.com" });
  new Tenant(stack, "dcr", { flags: { enableDynamicClientRegistration: true }, dynamicClientRegistrationSecurityMode: "strict" });
  const apis = Array.from({ length: apiCount }, (_, i) => {
    const identifier = `https://api-${i}.acme.test/`;
    const rs = new ResourceServer(stack, `api-${i}`, {
      identifier,
      name: `api-${i}`,
      subjectTypeAuthorization: { user: { policy: "require_client_grant" }, client: { policy: "require_client_grant" } },
    });
    const scopes = new ResourceServerScopes(stack, `api-${i}-scopes`, {
      resourceServerIdentifier: rs.identifier,
      scopes: ["read:data", "write:data", "admin:data"].map((name) => ({ name })),
    });
    return { identifier, deps: [rs, scopes] };
  });
  apis.slice(0, 2).forEach((api, i) => {
    new ClientGrant(stack, `default-${i}`, {
      defaultFor: "third_party_clients",
      audience: api.identifier,
      subjectType: "user",
      scopes: ["read:data"],
      dependsOn: api.deps,
    });
  });
  for (let i = 0; i < apps; i++) {
    const client = new Client(stack, `partner-${i}`, {
      name: `Partner app ${i}`,
      appType: i % 3 === 0 ? "spa" : "regular_web",
      isFirstParty: false,
      thirdPartySecurityMode: "strict",
      grantTypes: ["authorization_code", "refresh_token"],
      callbacks: [`https://partner-${i}.example.com/callback`],
      oidcConformant: true,
      redirectionPolicy: "open_redirect_protection",
      jwtConfiguration: { alg: "RS256" },
      refreshToken: { expirationType: "expiring", rotationType: i % 3 === 0 ? "rotating" : "non-rotating", infiniteIdleTokenLifetime: false },
    });
    const [a, b] = [apis[i % apiCount], apis[(i + 1) % apiCount]];
    new ClientGrant(stack, `partner-${i}-a`, { clientId: client.clientId, audience: a.identifier, subjectType: "user", scopes: ["read:data", "write:data"], dependsOn: a.deps });
    new ClientGrant(stack, `partner-${i}-b`, { clientId: client.clientId, audience: b.identifier, subjectType: "user", scopes: ["read:data"], dependsOn: b.deps });
  }
  app.synth();
}

const run = () => main(Number(process.argv[2]), process.argv[3]);
if (process.argv.includes("--light-traces")) withLightTokenTraces(run);
else run();
