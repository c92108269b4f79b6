import { X509Certificate } from "node:crypto";
import * as tls from "node:tls";
import { selfSignedCertificate } from "../tools/loopback-certificate";

// The offline provider answers Terraform's auto-mTLS and `tpa emulator --https` serves with these certificates:
// one that OpenSSL refuses makes the provider exit before its handshake line (Terraform: "Failed to read any lines
// from plugin's stdout"). A random 16-byte serial starts with a zero byte about once in 128 certificates.
describe("the loopback certificate", () => {
  test.each([
    ["a serial with leading zero bytes", Buffer.from("000a8dd01d8c937b38a9f1c1b28fba02", "hex")],
    ["a serial whose first byte has the high bit set", Buffer.from("8a8dd01d8c937b38a9f1c1b28fba0211", "hex")],
    ["a serial of zeros", Buffer.alloc(16)],
    ["a random serial", undefined],
  ])("%s is DER OpenSSL accepts, for TLS too", (_what, serial) => {
    const { cert, key } = selfSignedCertificate({ serial });
    const x509 = new X509Certificate(cert);
    expect(x509.subjectAltName).toContain("IP Address:127.0.0.1");
    expect(() => tls.createSecureContext({ cert, key })).not.toThrow();
    if (serial) expect(BigInt(`0x${x509.serialNumber}`)).toBe(BigInt(`0x${serial.toString("hex") || "0"}`));
  });
});
