/**
 * A tenant's domain (acme.eu.auth0.com), or a loopback address with a port (127.0.0.1:PORT, localhost:PORT,
 * [::1]:PORT) where `tpa emulator --https` serves: the commands that reach a tenant contact nothing else.
 */
export function isTenantDomain(domain: string): boolean {
  return /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(domain) || isLoopbackDomain(domain);
}

/** 127.0.0.1:PORT and the like: a tenant read from `tpa emulator`, which an environment file cannot name. */
export function isLoopbackDomain(domain: string): boolean {
  return /^(127\.0\.0\.1|localhost|\[::1\]):\d{1,5}$/.test(domain);
}
