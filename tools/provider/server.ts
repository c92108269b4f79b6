// A schema-serving Terraform provider: plugin protocol 6 over gRPC, started by Terraform through
// go-plugin. It knows the pinned schema and, when given one (TPA_PROVIDER_TENANT), a tenant snapshot:
// validation calls return no diagnostics (Terraform checks the configuration against the schema itself),
// ConfigureProvider accepts any configuration, PlanResourceChange plans a create with unknown computed
// attributes and an update as terraform-plugin-sdk v2 does, ImportResourceState / ReadResource answer from
// the snapshot as the real provider's read code would (audit/provider-state.ts), and nothing is ever
// applied. See README ("Real Terraform, offline", "Adoption that changes nothing").
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import * as fs from "node:fs";
import { selfSignedCertificate as loopbackCertificate } from "../loopback-certificate";
import { loadResourceSchemas, ResourceSchemas, SnapshotObjects, stateFromSnapshot } from "../../audit/provider-state";
import { loadProviderSchema, ProviderSchema, toProtoSchema } from "./schema";
import { decodeValue, encodeValue, importedState, planCreate, planUpdate, Value } from "./values";

/** go-plugin's handshake cookie for Terraform providers. */
export const MAGIC_COOKIE_KEY = "TF_PLUGIN_MAGIC_COOKIE";
// Terraform's value (internal/plugin6/serve.go); it is a UX check, not a secret.
export const MAGIC_COOKIE_VALUE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
const CORE_PROTOCOL_VERSION = 1;
const APP_PROTOCOL_VERSION = 6;

export interface ServeOptions {
  readonly schemaFile: string;
  readonly protoDir: string;
  /** where the handshake line goes @default process.stdout */
  readonly stdout?: NodeJS.WritableStream;
  readonly log?: (line: string) => void;
  /** called when Terraform is done with the provider (Shutdown, StopProvider, parent gone) */
  readonly exit?: (code: number) => void;
  readonly env?: NodeJS.ProcessEnv;
  /**
   * a tenant snapshot (`tpa audit --save` format) that ImportResourceState and ReadResource answer from, as
   * the real provider's read code maps the Management API's objects (audit/provider-state.ts) @default none:
   * imports get an empty state
   */
  readonly tenantFile?: string;
}

/** The tenant the provider reads from, and the schemas its mapping needs. */
interface OfflineTenant {
  readonly snapshot: SnapshotObjects;
  readonly schemas: ResourceSchemas;
}

type Callback = grpc.sendUnaryData<object>;
type Call = grpc.ServerUnaryCall<Record<string, unknown>, object>;
type DynamicValueMsg = { msgpack?: Buffer; json?: Buffer } | null | undefined;

/** Runs the provider; resolves with the server once the handshake line is written. */
export async function serve(options: ServeOptions): Promise<grpc.Server> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const exit = options.exit ?? ((code: number) => process.exit(code));
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    throw new HandshakeError(
      "This binary is a plugin. These are not meant to be executed directly.\n" +
        "Please execute the program that consumes these plugins, which will load any plugins automatically.",
    );
  }
  const versions = (env.PLUGIN_PROTOCOL_VERSIONS ?? String(APP_PROTOCOL_VERSION)).split(",").map((s) => s.trim());
  if (!versions.includes(String(APP_PROTOCOL_VERSION))) {
    throw new HandshakeError(`this provider speaks plugin protocol ${APP_PROTOCOL_VERSION}; Terraform offered ${versions.join(", ")}`);
  }

  const schema = loadProviderSchema(options.schemaFile);
  const loaded = protoLoader.loadSync(
    ["tfplugin6.proto", "go-plugin.proto", "health.proto"].map((f) => path.join(options.protoDir, f)),
    { keepCase: true, longs: Number, enums: Number, defaults: false, oneofs: true },
  );
  const pkg = grpc.loadPackageDefinition(loaded) as unknown as {
    tfplugin6: { Provider: { service: grpc.ServiceDefinition } };
    plugin: { GRPCController: { service: grpc.ServiceDefinition } };
    grpc: { health: { v1: { Health: { service: grpc.ServiceDefinition } } } };
  };

  const server = new grpc.Server({
    "grpc.max_receive_message_length": 256 << 20,
    "grpc.max_send_message_length": 256 << 20,
  });
  let exiting = false;
  const stop = (why: string, delayMs: number) => {
    if (exiting) return;
    exiting = true;
    log(`offline provider: exiting (${why})`);
    setTimeout(() => {
      server.forceShutdown();
      exit(0);
    }, delayMs);
  };

  const tenant: OfflineTenant | undefined = options.tenantFile
    ? { snapshot: JSON.parse(fs.readFileSync(options.tenantFile, "utf8")) as SnapshotObjects, schemas: loadResourceSchemas() }
    : undefined;
  server.addService(pkg.tfplugin6.Provider.service, providerHandlers(schema, log, stop, tenant) as grpc.UntypedServiceImplementation);
  server.addService(pkg.plugin.GRPCController.service, {
    Shutdown: (_call: Call, cb: Callback) => {
      cb(null, {});
      stop("Shutdown", 10);
    },
  });
  server.addService(pkg.grpc.health.v1.Health.service, {
    Check: (_call: Call, cb: Callback) => cb(null, { status: 1 }),
  });

  // Auto-mTLS: Terraform passes its client certificate; we answer with a fresh self-signed server
  // certificate (sent in the handshake line) and accept only connections that present Terraform's.
  const clientCert = env.PLUGIN_CLIENT_CERT;
  let credentials = grpc.ServerCredentials.createInsecure();
  let serverCert = "";
  if (clientCert) {
    const { certPem, keyPem, certDer } = selfSignedCertificate();
    credentials = grpc.ServerCredentials.createSsl(
      Buffer.from(clientCert),
      [{ private_key: Buffer.from(keyPem), cert_chain: Buffer.from(certPem) }],
      true,
    );
    // go-plugin reads it with base64.RawStdEncoding: standard alphabet, no padding
    serverCert = certDer.toString("base64").replace(/=+$/, "");
  }

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", credentials, (err, p) => (err ? reject(err) : resolve(p))),
  );
  const line = [CORE_PROTOCOL_VERSION, APP_PROTOCOL_VERSION, "tcp", `127.0.0.1:${port}`, "grpc", serverCert].join("|");
  (options.stdout ?? process.stdout).write(`${line}\n`);
  return server;
}

export class HandshakeError extends Error {}

function providerHandlers(
  schema: ProviderSchema,
  log: (line: string) => void,
  stop: (why: string, delayMs: number) => void,
  tenant?: OfflineTenant,
) {
  const resourceSchemas = Object.fromEntries(Object.entries(schema.resources).map(([k, s]) => [k, toProtoSchema(s)]));
  const dataSourceSchemas = Object.fromEntries(Object.entries(schema.dataSources).map(([k, s]) => [k, toProtoSchema(s)]));
  const schemaResponse = {
    provider: toProtoSchema(schema.provider),
    resource_schemas: resourceSchemas,
    data_source_schemas: dataSourceSchemas,
    diagnostics: [],
    // Terraform may reuse the schema it already has instead of asking every provider instance again.
    server_capabilities: { plan_destroy: false, get_provider_schema_optional: true, move_resource_state: false },
  };
  const error = (summary: string, detail = "") => ({ severity: 1, summary, detail });
  const blockOf = (typeName: string) => schema.resources[typeName]?.block;
  const unknownType = (typeName: string) => error(`Unknown resource type ${typeName}`, `The pinned ${schema.address} schema has no resource type "${typeName}".`);
  const noDiagnostics = (_call: Call, cb: Callback) => cb(null, { diagnostics: [] });
  const guard =
    (name: string, f: (req: Record<string, unknown>) => object) =>
    (call: Call, cb: Callback) => {
      try {
        cb(null, f(call.request));
      } catch (e) {
        log(`offline provider: ${name}: ${(e as Error).stack ?? e}`);
        cb(null, { diagnostics: [error(`Offline provider: ${name} failed`, String((e as Error).message ?? e))] });
      }
    };

  return {
    GetMetadata: guard("GetMetadata", () => ({
      server_capabilities: schemaResponse.server_capabilities,
      diagnostics: [],
      data_sources: Object.keys(schema.dataSources).map((type_name) => ({ type_name })),
      resources: Object.keys(schema.resources).map((type_name) => ({ type_name })),
    })),
    GetProviderSchema: (_call: Call, cb: Callback) => cb(null, schemaResponse),
    ValidateProviderConfig: noDiagnostics,
    ValidateResourceConfig: noDiagnostics,
    ValidateDataResourceConfig: noDiagnostics,
    ConfigureProvider: noDiagnostics,
    UpgradeResourceState: guard("UpgradeResourceState", (req) => {
      const raw = req.raw_state as { json?: Buffer } | undefined;
      if (!raw?.json || raw.json.length === 0) {
        return { diagnostics: [error("Offline provider: legacy flatmap state", "Only JSON state can be read.")] };
      }
      // The state was written with this schema's version: hand it back as it is.
      return { upgraded_state: { json: raw.json }, diagnostics: [] };
    }),
    ReadResource: guard("ReadResource", (req) => {
      if (!tenant) return { new_state: req.current_state, private: req.private, diagnostics: [] };
      // Read again from the tenant, as the provider's read functions do; gone from it: a null state.
      const current = decodeValue((req.current_state as DynamicValueMsg)?.msgpack) as { id?: unknown } | null;
      const id = typeof current?.id === "string" ? current.id : "";
      const state = stateFromSnapshot(tenant.snapshot, String(req.type_name), id, tenant.schemas);
      return { new_state: { msgpack: encodeValue((state ?? null) as Value) }, private: req.private, diagnostics: [] };
    }),
    PlanResourceChange: guard("PlanResourceChange", (req) => {
      const typeName = String(req.type_name);
      const block = blockOf(typeName);
      if (!block) return { diagnostics: [unknownType(typeName)] };
      const prior = decodeValue((req.prior_state as DynamicValueMsg)?.msgpack);
      const proposed = decodeValue((req.proposed_new_state as DynamicValueMsg)?.msgpack);
      // Create: computed attributes that the configuration leaves null become unknown ("known after
      // apply"). Update: the proposed state (configuration over prior state) is the plan.
      const planned =
        prior === null ? planCreate(block, proposed) : planUpdate(block, prior, proposed, typeName, tenant?.schemas.optionalComputed ?? new Set());
      // legacy_type_system: the real provider is an SDKv2 one, whose plans Terraform takes with "" for null
      return { planned_state: { msgpack: encodeValue(planned) }, planned_private: req.prior_private, diagnostics: [], legacy_type_system: true };
    }),
    ApplyResourceChange: guard("ApplyResourceChange", () => ({
      diagnostics: [
        error(
          "The offline schema provider cannot apply",
          "This auth0 provider only serves the pinned schema for validate and plan. Run apply with the real provider (your normal Terraform configuration).",
        ),
      ],
    })),
    ImportResourceState: guard("ImportResourceState", (req) => {
      const typeName = String(req.type_name);
      const block = blockOf(typeName);
      if (!block) return { diagnostics: [unknownType(typeName)] };
      const id = String(req.id ?? "");
      if (!tenant) return { imported_resources: [{ type_name: typeName, state: { msgpack: encodeValue(importedState(block, id)) } }], diagnostics: [] };
      const client = typeName === "auth0_client" ? (tenant.snapshot.clients as { client_id?: string; external_metadata_type?: string }[]).find((c) => c.client_id === id) : undefined;
      if (client?.external_metadata_type === "cimd") {
        // as the provider's importClient refuses it (internal/auth0/client/resource.go)
        return { diagnostics: [error(`client "${id}" is a CIMD client. Use the auth0_client_cimd resource to manage CIMD clients`)] };
      }
      const state = stateFromSnapshot(tenant.snapshot, typeName, id, tenant.schemas);
      if (state === undefined) {
        return { diagnostics: [error("Cannot import non-existent remote object", `The tenant snapshot has no ${typeName} with ID "${id}".`)] };
      }
      return { imported_resources: [{ type_name: typeName, state: { msgpack: encodeValue(state as Value) } }], diagnostics: [] };
    }),
    ReadDataSource: guard("ReadDataSource", (req) => ({
      diagnostics: [error(`Offline provider: no data source ${String(req.type_name)}`, "The offline provider reads no data.")],
    })),
    StopProvider: (_call: Call, cb: Callback) => {
      cb(null, { Error: "" });
      // Terraform asks to stop on an interrupt; there is nothing in flight to cancel.
      stop("StopProvider", 200);
    },
  };
}

/**
 * A self-signed server certificate for localhost/127.0.0.1 (go-plugin's client verifies the name
 * "localhost" against the certificate we send in the handshake), valid for a day.
 */
export function selfSignedCertificate(now = new Date()): { certPem: string; keyPem: string; certDer: Buffer } {
  const c = loopbackCertificate({ commonName: "localhost", validMs: 24 * 3600_000, now, clientAuth: true });
  return { certPem: c.cert, keyPem: c.key, certDer: c.der };
}
