import { startTransition, useEffect, useState } from 'react';

/**
 * False in a component's first render, true soon after the frame that showed it, set in a transition (React renders it
 * in slices of a few milliseconds, so keys and clicks are answered meanwhile). For what the first frame can do without:
 * the inbox's filter Selects and the header's language switch (each antd Select measures itself when it mounts, forcing
 * a layout) mount after the frame with the first rows (docs/benchmarks.md, inbox page).
 */
export function useAfterFirstFrame(): boolean {
  const [after, setAfter] = useState(false);
  useEffect(() => {
    if (after) return undefined;
    let timer = 0;
    const frame = requestAnimationFrame(() => { timer = window.setTimeout(() => startTransition(() => setAfter(true)), 0); });
    return () => { cancelAnimationFrame(frame); clearTimeout(timer); };
  }, [after]);
  return after;
}
