import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WARM_UP_FRAME, warmUpScripts } from './warmUp';

function storage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (k) => items.get(k) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (k) => void items.delete(k),
    setItem: (k, v) => void items.set(k, v),
  };
}

const frame = () => document.querySelector<HTMLIFrameElement>(`iframe[name="${WARM_UP_FRAME}"]`);

describe('the start scripts loaded once more in a hidden frame', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    document.head.innerHTML =
      '<script defer src="/assets/start-react-abc.js"></script><script defer src="/assets/start-index-def.js"></script>';
  });
  afterEach(() => {
    vi.useRealTimers();
    document.head.innerHTML = '';
    document.body.innerHTML = '';
  });

  it('loads them once per build when the page is idle, hidden from people and keys', () => {
    const kept = storage();
    warmUpScripts(document, kept);
    expect(frame()).toBeNull(); // not while the page is busy
    vi.advanceTimersByTime(5000);
    const warm = frame()!;
    expect(warm.hidden).toBe(true);
    expect(warm.tabIndex).toBe(-1);
    expect(warm.getAttribute('aria-hidden')).toBe('true');
    warm.dispatchEvent(new Event('load'));
    expect(frame()).toBeNull(); // gone once it has loaded

    warmUpScripts(document, kept);
    vi.advanceTimersByTime(5000);
    expect(frame()).toBeNull(); // the same build: already done

    document.head.innerHTML = '<script defer src="/assets/start-react-abc.js"></script><script defer src="/assets/start-index-xyz.js"></script>';
    warmUpScripts(document, kept);
    vi.advanceTimersByTime(5000);
    expect(frame()).not.toBeNull(); // a new build
  });

  it('does nothing on the dev server, where there are no start scripts', () => {
    document.head.innerHTML = '<script type="module" src="/src/main.tsx"></script>';
    warmUpScripts(document, storage());
    vi.advanceTimersByTime(5000);
    expect(frame()).toBeNull();
  });
});
