import { createHash, generateKeyPairSync, randomBytes, sign } from "node:crypto";

/** A self-signed certificate with the key that signed it. */
export interface SelfSignedCertificate {
  /** PEM; it is its own CA (the file for NODE_EXTRA_CA_CERTS) */
  readonly cert: string;
  /** PKCS#8 PEM */
  readonly key: string;
  readonly der: Buffer;
}

export interface CertificateOptions {
  /** the subject's common name @default "tpa (loopback only)" */
  readonly commonName?: string;
  /** how long it is valid from `now` (it starts 30 s earlier, for clock skew) @default 30 days */
  readonly validMs?: number;
  readonly now?: Date;
  /** also usable as a TLS client certificate @default false */
  readonly clientAuth?: boolean;
  /** the serial number's bytes, read as an unsigned number @default 16 random bytes */
  readonly serial?: Buffer;
}

/**
 * A self-signed X.509 v3 certificate (P-256, ECDSA with SHA-256) for 127.0.0.1, ::1 and localhost: for
 * `tpa emulator --https` and the offline provider's auto-mTLS. Node has no certificate builder, so the DER is
 * written here (RFC 5280 §4.1); the key and the signature come from node:crypto (node-forge builds only RSA
 * certificates, and an RSA key costs about 300 ms). Loopback names only: nothing else is ever served.
 */
export function selfSignedCertificate(options: CertificateOptions = {}): SelfSignedCertificate {
  const now = options.now ?? new Date();
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const spki = publicKey.export({ type: "spki", format: "der" });
  const name = seq(set(seq(oid(OID.commonName), utf8(options.commonName ?? "tpa (loopback only)"))));
  const notBefore = new Date(now.getTime() - 30_000);
  const notAfter = new Date(now.getTime() + (options.validMs ?? 30 * 86_400_000));
  const keyId = createHash("sha1").update(spki).digest();
  const extensions = explicit(
    3,
    seq(
      extension(OID.basicConstraints, true, seq(bool(true))),
      extension(OID.keyUsage, true, bitString(Buffer.from([0x86]), 1)), // digitalSignature, keyCertSign, cRLSign
      extension(OID.extKeyUsage, false, seq(oid(OID.serverAuth), ...(options.clientAuth ? [oid(OID.clientAuth)] : []))),
      extension(OID.subjectKeyIdentifier, false, octets(keyId)),
      extension(OID.subjectAltName, false, seq(tagged(0x87, Buffer.from([127, 0, 0, 1])), tagged(0x87, ipv6Loopback()), tagged(0x82, Buffer.from("localhost")))),
    ),
  );
  const algorithm = seq(oid(OID.ecdsaWithSha256));
  const serial = options.serial ?? randomBytes(16);
  const tbs = seq(explicit(0, integer(Buffer.from([2]))), unsignedInteger(serial), algorithm, name, seq(time(notBefore), time(notAfter)), name, spki, extensions);
  const signature = sign("sha256", tbs, privateKey);
  const der = seq(tbs, algorithm, bitString(signature, 0));
  return {
    cert: `-----BEGIN CERTIFICATE-----\n${der.toString("base64").replace(/.{64}/g, "$&\n").replace(/\n?$/, "\n")}-----END CERTIFICATE-----\n`,
    key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    der,
  };
}

const OID = {
  commonName: "2.5.4.3",
  basicConstraints: "2.5.29.19",
  keyUsage: "2.5.29.15",
  extKeyUsage: "2.5.29.37",
  subjectKeyIdentifier: "2.5.29.14",
  subjectAltName: "2.5.29.17",
  serverAuth: "1.3.6.1.5.5.7.3.1",
  clientAuth: "1.3.6.1.5.5.7.3.2",
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
};

// --- DER (X.690) ----------------------------------------------------------------------------------------------------
function tagged(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length = n < 0x80 ? Buffer.from([n]) : lengthBytes(n);
  return Buffer.concat([Buffer.from([tag]), length, content]);
}

function lengthBytes(n: number): Buffer {
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const seq = (...items: Buffer[]) => tagged(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tagged(0x31, Buffer.concat(items));
const explicit = (n: number, content: Buffer) => tagged(0xa0 | n, content);
const integer = (bytes: Buffer) => tagged(0x02, bytes);
/**
 * A non-negative INTEGER in DER's minimal form: no leading zero bytes, but one where the first byte's high bit
 * is set (else it would read as negative). OpenSSL refuses any other form ("illegal padding").
 */
function unsignedInteger(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  return integer(trimmed[0] >= 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}
const bool = (value: boolean) => tagged(0x01, Buffer.from([value ? 0xff : 0]));
const octets = (bytes: Buffer) => tagged(0x04, bytes);
const utf8 = (text: string) => tagged(0x0c, Buffer.from(text, "utf8"));
const bitString = (bytes: Buffer, unusedBits: number) => tagged(0x03, Buffer.concat([Buffer.from([unusedBits]), bytes]));
const extension = (id: string, critical: boolean, value: Buffer) => seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split(".").map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const chunk: number[] = [];
    for (let v = arc; ; v = Math.floor(v / 128)) {
      chunk.unshift((v % 128) | (chunk.length > 0 ? 0x80 : 0));
      if (v < 128) break;
    }
    bytes.push(...chunk);
  }
  return tagged(0x06, Buffer.from(bytes));
}

/** UTCTime until 2049, GeneralizedTime after (RFC 5280 §4.1.2.5). */
function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, "").slice(0, 14); // YYYYMMDDHHMMSS
  return date.getUTCFullYear() < 2050 ? tagged(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tagged(0x18, Buffer.from(`${iso}Z`));
}

function ipv6Loopback(): Buffer {
  const bytes = Buffer.alloc(16);
  bytes[15] = 1;
  return bytes;
}
