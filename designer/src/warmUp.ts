/**
 * The start scripts' second load, done for the agent (docs/benchmarks.md, "Inbox at scale", session 13).
 *
 * Chromium writes a classic script's compiled code (its V8 code cache) at the script's second load and reads it from
 * the third on. So the second page an agent opens after a deployment parses ~1.2 MB of script again — the slowest
 * load of the day (about 100–200 ms more than the ones after). Once the first page is loaded and idle, this loads the
 * same scripts once more in a hidden frame, where they only run their module code (main.tsx renders nothing there and
 * index.html asks nothing of the API), so that load is one nobody waits for. Once per build (the scripts' addresses
 * carry their content hash) and per browser profile.
 */
export const WARM_UP_FRAME = 'orchestrator-warm-up';
const KEY = 'orchestrator.warmedScripts';

/** This document is the hidden frame of {@link warmUpScripts}. */
export const isWarmUpFrame = () => window.name === WARM_UP_FRAME;

export function warmUpScripts(doc: Document = document, storage: Storage | undefined = globalThis.localStorage) {
  const scripts = [...doc.querySelectorAll<HTMLScriptElement>('script[src*="/assets/start-"]')].map((s) => s.src);
  if (scripts.length === 0 || !storage) return; // the dev server: modules only
  const build = scripts.join(' ');
  try {
    if (storage.getItem(KEY) === build) return;
  } catch {
    return;
  }
  const load = () => {
    const frame = doc.createElement('iframe');
    frame.name = WARM_UP_FRAME;
    frame.title = WARM_UP_FRAME;
    frame.hidden = true;
    frame.tabIndex = -1;
    frame.setAttribute('aria-hidden', 'true');
    frame.addEventListener(
      'load',
      () => {
        try {
          storage.setItem(KEY, build);
        } catch {
          /* private mode: warm up again next time */
        }
        frame.remove();
      },
      { once: true },
    );
    frame.src = '/warm-up';
    doc.body.appendChild(frame);
  };
  const whenIdle = () => {
    if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(load, { timeout: 3000 });
    else setTimeout(load, 1500);
  };
  if (doc.readyState === 'complete') whenIdle();
  else window.addEventListener('load', whenIdle, { once: true });
}
