import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render } from '@testing-library/react';
import '../i18n';
import { SlaCountdown, TICK_MS } from './SlaCountdown';
import type { InboxRow } from './inboxApi';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('the countdowns of a list', () => {
  it('all move on one shared timer, stopped when the last one goes', () => {
    vi.useFakeTimers();
    const setSpy = vi.spyOn(globalThis, 'setInterval');
    const clearSpy = vi.spyOn(globalThis, 'clearInterval');
    const now = Date.now();
    const rows = Array.from({ length: 100 }, (_, i) => ({
      id: `t${i}`, slaState: 'running', slaRemaining: 3 * 3600 + 60 * i, receivedAt: now,
    }) as unknown as InboxRow);
    const { container, unmount } = render(<>{rows.map((r) => <SlaCountdown key={r.id} row={r} />)}</>);
    expect(setSpy).toHaveBeenCalledTimes(1);
    expect(container.querySelectorAll('[data-sla="green"]').length).toBe(100);

    // an hour and a quarter later the first rows are within two hours: amber, on the one timer's ticks
    act(() => { vi.advanceTimersByTime(5 * TICK_MS * 4 * 15); });
    expect(container.querySelectorAll('[data-sla="amber"]').length).toBeGreaterThan(0);
    expect(setSpy).toHaveBeenCalledTimes(1);

    unmount();
    expect(clearSpy).toHaveBeenCalledTimes(1);
  });

  it('says the due time when the pointer is over a countdown', () => {
    const dueAt = '2026-11-27T15:30:00Z';
    const row = { id: 't', slaState: 'running', slaRemaining: 3600, receivedAt: Date.now(), dueAt } as unknown as InboxRow;
    const { container } = render(<SlaCountdown row={row} />);
    const chip = container.querySelector('[data-sla="amber"]') as HTMLElement;
    fireEvent.pointerEnter(chip);
    expect(chip.title).toBe(new Date(dueAt).toLocaleString(undefined, { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }));
  });
});
