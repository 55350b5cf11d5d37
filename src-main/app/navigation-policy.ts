/**
 * Where the window may send the user. The studio is one page that drives a robot: it never navigates
 * away and never opens a window of its own. A link a page asks to open (window.open, target=_blank, a
 * middle click) goes to the user's browser only when it is https on a host listed here; anything
 * else is refused, so injected or mistaken content cannot open a second window into the app.
 */
export const EXTERNAL_LINK_HOSTS: readonly string[] = [
  // LeRobot's documentation, datasets and models: where a dataset or model card points.
  'huggingface.co',
  // Robot and servo documentation (LeRobot's SO-101 and Koch guides, the vendors' SDKs).
  'github.com',
];

/** Whether `url` may be handed to the user's browser: https, default port, no credentials, a listed host. */
export function externalLinkAllowed(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'https:' && parsed.port === '' && parsed.username === '' && parsed.password === '' && EXTERNAL_LINK_HOSTS.includes(parsed.hostname)
  );
}
