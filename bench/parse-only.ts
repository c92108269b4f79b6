// The reference for the audit benchmark: read and JSON.parse the snapshot, nothing else.
import * as fs from "node:fs";

const parsed = JSON.parse(fs.readFileSync(process.argv[2], "utf8")) as { clients?: unknown[] };
process.stdout.write(`${parsed.clients?.length ?? 0}\n`);
