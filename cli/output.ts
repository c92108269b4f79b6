import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { makeFolders, removeFolders } from "../config/read-file";

/** The output folder cannot be written (it is a file, the folder is not writable, another run holds it): exit 2. */
export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutputError";
  }
}

/** Who holds an output folder's lock, as written in the lock file. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** ISO time the run started */
  readonly started: string;
}

/** The sibling paths a run into `outDir` uses: its lock, its staging folders, the previous output while swapped out. */
export function outputSiblings(outDir: string): { parent: string; lock: string; stagingPrefix: string; oldPrefix: string } {
  const resolved = path.resolve(outDir);
  const parent = path.dirname(resolved);
  const base = path.basename(resolved);
  return {
    parent,
    lock: path.join(parent, `.${base}.lock`),
    stagingPrefix: path.join(parent, `.${base}.staging-`),
    oldPrefix: path.join(parent, `.${base}.old-`),
  };
}

/**
 * Replaces `outDir` as a unit (and returns what `write` returned). `write` fills a staging folder beside it; the files `keep` accepts become the
 * new output, together with what the old output holds that synth does not generate (Terraform's .terraform/,
 * lock files and local state in stack folders, hard-linked across). Then two renames swap the folders: a run
 * killed at any point leaves the old output or the new one, in place or (between the two renames) beside it,
 * where the next run puts it back. A lock file beside the folder keeps concurrent runs out; a dead holder's
 * lock is taken over, and staging folders a killed run left behind are removed.
 *
 * Generated files are stack files (stacks/<env>/cdk.tf.json) and whatever `generated` names: an environment
 * not written this time loses its stack file, so nothing stale can be planned.
 */
export function replaceOutput<T>(
  outDir: string,
  write: (stagingDir: string) => T,
  keep: (relativePath: string) => boolean = () => true,
  generated: (relativePath: string) => boolean = () => false,
  /** folders the output must not hold (the input's): replacing --out would replace them too */
  inputs: readonly string[] = [],
): { files: string[]; written: T } {
  let target = path.resolve(outDir);
  let existing: fs.Stats | undefined;
  try {
    existing = fs.lstatSync(target, { throwIfNoEntry: false });
    // A symbolic link to a folder: the folder it points at is replaced, the link stays.
    if (existing?.isSymbolicLink()) {
      target = fs.realpathSync(target);
      existing = fs.lstatSync(target);
    }
  } catch (e) {
    throw new OutputError(`--out ${outDir}: cannot create ${target} (${reasonOf(e)})`);
  }
  refuseHolding(outDir, target, [{ what: "the working folder", dir: process.cwd() }, ...inputs.map((dir) => ({ what: `the input ${dir}`, dir }))]);
  const siblings = outputSiblings(target);
  if (existing && !existing.isDirectory()) throw new OutputError(`--out ${outDir} is not a folder: pass a folder (it is replaced as a whole)`);
  let made: string[];
  try {
    made = makeFolders(siblings.parent);
  } catch (e) {
    throw new OutputError(`--out ${outDir}: cannot create ${siblings.parent} (${reasonOf(e)})`);
  }
  let staging: string | undefined;
  let done = false;
  const release = acquireLock(outDir, siblings.lock);
  try {
    recover(target, siblings);
    try {
      // a folder as mkdir makes one (the umask's mode, not mkdtemp's 0700: a Terraform container may read the
      // output as another user), or the mode the output folder has
      staging = `${siblings.stagingPrefix}${process.pid}-${randomBytes(6).toString("hex")}`;
      fs.mkdirSync(staging);
      if (existing) fs.chmodSync(staging, existing.mode & 0o7777);
    } catch (e) {
      throw new OutputError(`--out ${outDir}: cannot write in ${siblings.parent} (${reasonOf(e)})`);
    }
    const written = write(staging);
    const files = listFiles(staging);
    for (const rel of files.filter((f) => !keep(f))) removeFile(staging, rel);
    removeEmptyFolders(staging); // cdktf's App makes stacks/ when constructed, written into or not
    const isGenerated = (rel: string) => isStackFile(rel) || generated(rel);
    if (existing) carryOver(target, staging, "", isGenerated);
    swapIn(staging, target, siblings.oldPrefix);
    staging = undefined;
    done = true;
    return { files: files.filter(keep), written };
  } finally {
    if (staging) fs.rmSync(staging, { recursive: true, force: true });
    release();
    // a failed run leaves no folder it made for the output
    if (!done) removeFolders(made);
  }
}

/**
 * --out is replaced as a whole: one that is, or holds, the working folder or the input (`--out .`) would replace them,
 * leaving the shell in a folder that no longer exists. Refused before anything is written.
 */
function refuseHolding(outDir: string, target: string, folders: readonly { what: string; dir: string }[]): void {
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  for (const { what, dir } of folders) {
    const relative = path.relative(real(target), real(dir));
    if (relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative))) {
      throw new OutputError(`--out ${outDir} is or holds ${what}, and tpa replaces --out as a whole: pass a folder of its own, such as cdktf.out`);
    }
  }
}

/** Removes a file, and the folders above it that it leaves empty: a stack not written leaves no `stacks/<env>/`. */
function removeFile(root: string, rel: string): void {
  fs.rmSync(path.join(root, rel), { force: true });
  for (let dir = path.dirname(rel); dir !== "."; dir = path.dirname(dir)) {
    if (fs.readdirSync(path.join(root, dir)).length > 0) break;
    fs.rmdirSync(path.join(root, dir));
  }
}

/** Removes the empty folders below root (not root itself), deepest first. */
function removeEmptyFolders(root: string, rel = ""): void {
  for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const child = path.join(rel, entry.name);
    removeEmptyFolders(root, child);
    if (fs.readdirSync(path.join(root, child)).length === 0) fs.rmdirSync(path.join(root, child));
  }
}

export function isStackFile(rel: string): boolean {
  return /^stacks\/[^/]+\/cdk\.tf\.json$/.test(rel);
}

/** Takes the lock (O_EXCL) or says who holds it; a lock of a dead process on this host is taken over. */
function acquireLock(outDir: string, lock: string): () => void {
  const me: LockHolder = { pid: process.pid, host: os.hostname(), started: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lock, `${JSON.stringify(me)}\n`, { flag: "wx" });
      return () => {
        // Only our own lock: a run that took over a lock we lost track of keeps its own.
        if (readHolder(lock)?.pid === me.pid && readHolder(lock)?.host === me.host) fs.rmSync(lock, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") {
        throw new OutputError(`--out ${outDir}: cannot create the lock file ${lock} (${reasonOf(e)})`);
      }
    }
    const holder = readHolder(lock);
    if (holder && !(holder.host === me.host && !isAlive(holder.pid))) {
      throw new OutputError(
        `--out ${outDir} is being written by another tpa synth (pid ${holder.pid} on ${holder.host}, since ${holder.started}); ` +
          `wait for it to finish, or remove ${lock} if that process is gone`,
      );
    }
    if (!holder && lockAgeMs(lock) < 5_000) {
      // Being written this very moment by a run that just started: its content follows.
      sleepMs(50);
      continue;
    }
    // Stale: renaming it away is atomic, so of two runs taking it over only one succeeds.
    try {
      fs.renameSync(lock, `${lock}.stale-${process.pid}`);
      fs.rmSync(`${lock}.stale-${process.pid}`, { force: true });
    } catch {
      // another run took it over first; try again
    }
  }
  const holder = readHolder(lock);
  throw new OutputError(
    `--out ${outDir} is locked by ${lock}${holder ? ` (pid ${holder.pid} on ${holder.host}, since ${holder.started})` : ""}; remove it if no tpa synth is running`,
  );
}

function readHolder(lock: string): LockHolder | undefined {
  try {
    const value = JSON.parse(fs.readFileSync(lock, "utf8")) as Partial<LockHolder>;
    if (typeof value.pid === "number" && typeof value.host === "string" && typeof value.started === "string") {
      return value as LockHolder;
    }
  } catch {
    // unreadable or half-written
  }
  return undefined;
}

function lockAgeMs(lock: string): number {
  const stat = fs.statSync(lock, { throwIfNoEntry: false });
  return stat ? Date.now() - stat.mtimeMs : Infinity;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * What a killed run left (we hold the lock, so nobody else is using it): the previous output swapped out but
 * not replaced goes back in place; other swapped-out outputs and staging folders are removed.
 */
function recover(target: string, siblings: ReturnType<typeof outputSiblings>): void {
  const inParent = (prefix: string) =>
    fs
      .readdirSync(siblings.parent)
      .filter((name) => name.startsWith(path.basename(prefix)))
      .map((name) => path.join(siblings.parent, name));
  for (const old of inParent(siblings.oldPrefix)) {
    if (!fs.existsSync(target)) fs.renameSync(old, target);
    else fs.rmSync(old, { recursive: true, force: true });
  }
  for (const staging of inParent(siblings.stagingPrefix)) fs.rmSync(staging, { recursive: true, force: true });
}

/** Hard-links (or copies, across devices) what the old output holds that synth does not generate. */
function carryOver(fromDir: string, toDir: string, prefix: string, isGenerated: (rel: string) => boolean): void {
  for (const entry of fs.readdirSync(path.join(fromDir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (isGenerated(rel)) continue;
    const from = path.join(fromDir, rel);
    const to = path.join(toDir, rel);
    const already = fs.lstatSync(to, { throwIfNoEntry: false });
    if (already && !(already.isDirectory() && entry.isDirectory())) continue; // written anew this time: the new one wins
    if (entry.isDirectory()) {
      makeFolders(to);
      carryOver(fromDir, toDir, rel, isGenerated);
      // a folder that held only generated files (an old stack folder) is not carried over empty
      if (!already && fs.readdirSync(to).length === 0 && fs.readdirSync(from).length > 0) fs.rmdirSync(to);
    } else if (entry.isSymbolicLink()) {
      fs.symlinkSync(fs.readlinkSync(from), to);
    } else {
      try {
        fs.linkSync(from, to);
      } catch {
        fs.copyFileSync(from, to);
      }
    }
  }
}

/** Two renames: the old output aside, the new one in; then the old one goes. */
function swapIn(staging: string, target: string, oldPrefix: string): void {
  if (!fs.existsSync(target)) {
    fs.renameSync(staging, target);
    return;
  }
  const old = `${oldPrefix}${process.pid}-${Date.now()}`;
  fs.renameSync(target, old);
  fs.renameSync(staging, target);
  fs.rmSync(old, { recursive: true, force: true });
}

function listFiles(dir: string, prefix = ""): string[] {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? listFiles(dir, rel) : [rel];
  });
}

function reasonOf(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ENOTDIR") return "a part of the path is a file";
  if (code === "EROFS") return "read-only file system";
  return (e as Error).message;
}
