/**
 * The link to hand to an invitee. The server sends an absolute `accept_url` when it knows its
 * public address (PUBLIC_URL) and a relative `/accept-invite?token=…` otherwise; only the
 * relative form gets this page's origin.
 */
export function invitationLink(acceptUrl: string, origin: string = window.location.origin): string {
  if (/^[a-z][a-z\d+.-]*:\/\//i.test(acceptUrl)) return acceptUrl;
  return new URL(acceptUrl, origin).toString();
}
