/**
 * A request index.html's inline scripts started while the app's scripts loaded (GET /api/auth/me on every page, /inbox's
 * first GET /api/tasks), as the app finds it on `window`: when it was sent, when its answer arrived, the answer.
 */
export interface Early {
  sent: number;
  receivedAt?: number;
  response: Promise<Response | null>;
  /** The answer as read (readEarly): a body is read only once, so every reader shares this. */
  read?: Promise<EarlyRead | undefined>;
}

/** An early answer as read: its status, its JSON body when it was a success, its headers, when it arrived. */
export interface EarlyRead { status: number; ok: boolean; body?: unknown; headers: Headers; receivedAt: number }

/** The early request when there is one and it was sent at most `maxAgeMs` ago: it is for the page's first render, not for a later visit. */
export function freshEarly<T extends Early>(early: T | undefined, maxAgeMs: number): T | undefined {
  return early && Date.now() - early.sent <= maxAgeMs ? early : undefined;
}

/** The early answer, read once: undefined when the request failed or a success's body is not JSON. */
export function readEarly(early: Early): Promise<EarlyRead | undefined> {
  early.read ??= early.response.then(async (response) => {
    if (!response) return undefined;
    const read: EarlyRead = { status: response.status, ok: response.ok, headers: response.headers, receivedAt: early.receivedAt ?? Date.now() };
    if (!response.ok) return read;
    try {
      return { ...read, body: await response.json() };
    } catch {
      return undefined;
    }
  });
  return early.read;
}
