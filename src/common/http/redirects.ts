/** True when `url` is an absolute http(s) URL that starts with one of the allowlisted prefixes. */
export function isAllowlisted(url: string | null | undefined, allowlist: readonly string[]): url is string {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // Mobile app links may use their own scheme; script-bearing schemes never redirect.
  if (['javascript:', 'data:', 'vbscript:', 'file:', 'blob:'].includes(parsed.protocol)) return false;
  // Compare normalised forms so `https://app.example.com.evil.com` cannot pass for `https://app.example.com`.
  const normalised = parsed.href;
  return allowlist.some((prefix) => {
    const p = prefix.endsWith('/') || prefix.includes('?') ? prefix : `${prefix}/`;
    return normalised.startsWith(p) || normalised === prefix || normalised === `${prefix}/`;
  });
}

/** Adds query parameters to a URL that may already have some. */
export function withQuery(url: string, params: Record<string, string>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}
