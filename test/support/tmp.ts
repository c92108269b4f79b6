import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const made: string[] = [];

/** A fresh temporary folder, removed after all tests of the file. */
export function tmpDir(prefix = "tpa-test-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Writes files (name → text) into a fresh temporary folder and returns it. */
export function writeFiles(files: Record<string, string>): string {
  const dir = tmpDir();
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Every file below a folder, relative to it, sorted. */
export function listTree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const walk = (d: string, prefix: string): string[] =>
    fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => {
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      return e.isDirectory() ? walk(path.join(d, e.name), rel) : [rel];
    });
  return walk(dir, "").sort();
}

afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
