/**
 * Lets this test file's requests reach its local test servers on 127.0.0.1: private and loopback
 * targets are refused by default (lib/security/urls.ts), so a test that needs them says so here.
 */
export const allowPrivateUrls = (): void => {
  process.env.WINNOW_ALLOW_PRIVATE_URLS = "1";
};
