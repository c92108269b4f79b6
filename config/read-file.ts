import { constants } from "node:buffer";
import * as fs from "node:fs";
import * as path from "node:path";
import { positionOf } from "./json-syntax";

/** Reading an input file failed for a reason the user can fix: say which file and why. */
export class InputFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    /** where in the file, when the problem is in its content */
    readonly position?: { readonly line: number; readonly column: number },
  ) {
    super(`${position ? `${file}:${position.line}:${position.column}` : file}: ${reason}`);
    this.name = "InputFileError";
  }
}

/**
 * The most an input file may hold unless its reader says otherwise (the files of a deploy-cli export; environment
 * files have a tighter bound, config/load.ts); larger ones are refused unread.
 */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/**
 * The most a JSON input (a saved snapshot, a plan, a synthesized stack) may hold: what one JavaScript string can.
 * `tpa audit --save` of a tenant with 50,000 clients writes about 100 MB.
 */
export const MAX_JSON_INPUT_BYTES = constants.MAX_STRING_LENGTH;

/** Is it a folder, through links? A dangling or looping link, or an unreadable entry, is not (reading it as a file says why). */
export function isFolder(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** How a file is read: invalid UTF-8 refused (else replaced), a byte order mark refused (else read past). */
export interface ReadOptions {
  /** @default false */
  readonly strictUtf8?: boolean;
  /** why a byte order mark is refused, for a reader that fails on one (auth0-deploy-cli's JSON files) @default accepted */
  readonly refuseByteOrderMark?: string;
}

/**
 * Reads a regular file as text (UTF-8, or UTF-16 with its byte order mark), refusing without blocking what is not one: a folder, a FIFO or device
 * (opened non-blocking, so a FIFO with no writer cannot hang the run), a symlink loop, an unreadable file, or
 * one larger than `maxBytes`.
 */
export function readRegularFile(file: string, maxBytes: number = MAX_INPUT_BYTES, { strictUtf8 = false, refuseByteOrderMark }: ReadOptions = {}): string {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new InputFileError(file, reasonOf(e));
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) throw new InputFileError(file, "is a folder, not a file");
    if (!stat.isFile()) throw new InputFileError(file, "is not a regular file (a FIFO, socket or device?): pass a file");
    if (stat.size > maxBytes) {
      throw new InputFileError(file, `is ${stat.size} bytes; at most ${maxBytes} are read (is it the right file?)`);
    }
    // not zero-filled (tens of MB for a large snapshot): only the bytes read are decoded
    const buffer = Buffer.allocUnsafe(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = fs.readSync(fd, buffer, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    if (refuseByteOrderMark !== undefined && byteOrderMark(buffer.subarray(0, read))) throw new InputFileError(file, refuseByteOrderMark);
    const text = decodeText(buffer.subarray(0, read));
    if (strictUtf8 && text.includes("\uFFFD")) refuseInvalidUtf8(file, buffer.subarray(0, read), text);
    return text;
  } catch (e) {
    if (e instanceof InputFileError) throw e;
    throw new InputFileError(file, reasonOf(e));
  } finally {
    fs.closeSync(fd);
  }
}

/** Bytes that are no UTF-8 (Latin-1 text, a binary): bad input at the first of them, where a lenient decoding put U+FFFD. */
function refuseInvalidUtf8(file: string, bytes: Buffer, text: string): void {
  const utf16 = bytes[0] === 0xff || bytes[0] === 0xfe;
  try {
    if (!utf16) new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return;
  } catch {
    throw new InputFileError(file, "is not valid UTF-8 here: save the file as UTF-8", positionOf(text, text.indexOf("\uFFFD")));
  }
}

/** The byte order mark the bytes start with, if any. */
function byteOrderMark(bytes: Buffer): "utf-8" | "utf-16le" | "utf-16be" | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  return undefined;
}

/**
 * A file's text: UTF-8 without its byte order mark (PowerShell 7 writes one, JSON.parse refuses it), or UTF-16 with
 * its mark (Windows PowerShell's `>` writes UTF-16LE).
 */
export function decodeText(bytes: Buffer): string {
  switch (byteOrderMark(bytes)) {
    case "utf-16le":
      return bytes.subarray(2).toString("utf16le");
    case "utf-16be":
      return Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2))).swap16().toString("utf16le");
    case "utf-8":
      return bytes.toString("utf8", 3);
    default:
      return bytes.toString("utf8");
  }
}

/** Why a file system call failed, in words a user can act on (the errno code only when it is none of these). */
export function reasonOf(e: unknown): string {
  switch ((e as NodeJS.ErrnoException).code) {
    case "ENOTDIR":
    case "EEXIST":
      return "a part of the path is a file, not a folder";
    case "EROFS":
      return "the file system is read-only";
    case "ENOSPC":
      return "the disk is full";
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "cannot be read (permission denied)";
    case "ELOOP":
      return "is a symbolic link loop";
    case "EISDIR":
      return "is a folder, not a file";
    case "ENAMETOOLONG":
      return "the path is too long";
    default:
      return `cannot be read (${(e as Error).message})`;
  }
}

/**
 * A file system call's failure on a path the user gave or a folder it holds (an unreadable folder of an export, a
 * full disk under --out) as a message naming the path; undefined for anything else. Bad input or surroundings,
 * never an internal error.
 */
export function fileSystemFailure(e: unknown): string | undefined {
  // by shape, not instanceof Error: an error from another realm (a test runner's sandbox) is one too
  const failure = e as NodeJS.ErrnoException;
  if (e === null || typeof e !== "object" || typeof failure.code !== "string" || typeof failure.path !== "string") return undefined;
  return `${failure.path}: ${reasonOf(failure)}`;
}

/**
 * Is the file inside the folder, both as written and once links are followed? (A link inside it to ~/.aws/credentials
 * is not.) A file that does not exist, or a link loop, is judged as written: reading it says why.
 */
export function isWithinFolder(folder: string, file: string): boolean {
  const within = (dir: string, f: string) => {
    const relative = path.relative(dir, f);
    return relative !== "" && relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
  };
  if (!within(path.resolve(folder), path.resolve(file))) return false;
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch {
    return true;
  }
  return within(fs.realpathSync(folder), real);
}

/**
 * mkdir -p, one level at a time: Node's recursive mkdirSync retries for ever where a parent exists but refuses
 * new entries with ENOENT (under /proc), so a bad --out or --save would hang instead of failing. Returns the folders
 * it made, outermost first; on failure it leaves none.
 */
export function makeFolders(dir: string): string[] {
  const missing: string[] = [];
  let at = path.resolve(dir);
  while (!fs.existsSync(at)) {
    missing.unshift(at);
    const parent = path.dirname(at);
    if (parent === at) break;
    at = parent;
  }
  const made: string[] = [];
  try {
    for (const folder of missing) {
      try {
        fs.mkdirSync(folder);
        made.push(folder);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      }
    }
    if (!fs.statSync(path.resolve(dir)).isDirectory()) {
      // an errno error as fs throws it (its code and path), so callers report it as they report fs's own
      throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${dir}'`), { code: "ENOTDIR", syscall: "mkdir", path: path.resolve(dir) });
    }
  } catch (e) {
    removeFolders(made);
    throw e;
  }
  return made;
}

/** Removes folders makeFolders made (innermost first) that are still empty: a failed write leaves none behind. */
export function removeFolders(made: readonly string[]): void {
  for (const folder of [...made].reverse()) {
    try {
      fs.rmdirSync(folder);
    } catch {
      return; // not empty (something else wrote there) or gone: its parents stay too
    }
  }
}

/** Writes with `dir` and its missing parents made; when the write fails, the folders it made are removed again. */
export function writeInFolders<T>(dir: string, write: () => T): T {
  const made = makeFolders(dir);
  try {
    return write();
  } catch (e) {
    removeFolders(made);
    throw e;
  }
}

/** A path as messages and reports show it: relative to the working directory, with forward slashes; as given when outside it. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return (rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file).split(path.sep).join("/");
}
