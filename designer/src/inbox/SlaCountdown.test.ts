import { describe, expect, it } from 'vitest';
import { duration, slaColour } from './SlaCountdown';

const t = (key: string, o?: Record<string, unknown>) => `${key}:${JSON.stringify(o ?? {})}`;

describe('the SLA countdown', () => {
  it('is green with time to spare, amber within two hours, red once late, grey when paused', () => {
    const received = 1_000_000;
    expect(slaColour({ slaState: 'running', slaRemaining: 3 * 3600, receivedAt: received }, received).state).toBe('green');
    // the server said 3 h; 70 minutes later in the browser it is 1 h 50 min: amber
    expect(slaColour({ slaState: 'running', slaRemaining: 3 * 3600, receivedAt: received }, received + 70 * 60_000)).toEqual({ state: 'amber', left: 110 * 60 });
    expect(slaColour({ slaState: 'running', slaRemaining: 60, receivedAt: received }, received + 120_000).state).toBe('red');
    expect(slaColour({ slaState: 'breached', slaRemaining: -10, receivedAt: received }, received).state).toBe('red');
    expect(slaColour({ slaState: 'paused', slaRemaining: 500, receivedAt: received }, received + 3_600_000).state).toBe('paused');
    expect(slaColour({ slaState: 'none', slaRemaining: null, receivedAt: received }, received).state).toBe('none');
    expect(slaColour({ slaState: 'done', slaRemaining: null, receivedAt: received }, received).state).toBe('none');
  });

  it('writes days, hours and minutes, and says when it is over', () => {
    expect(duration(2 * 86400 + 3 * 3600, t)).toBe('inbox.dh:{"d":2,"h":3}');
    expect(duration(2 * 3600 + 5 * 60, t)).toBe('inbox.hm:{"h":2,"m":5}');
    expect(duration(-35 * 60, t)).toBe('inbox.over:{"time":"inbox.m:{\\"m\\":35}"}');
  });
});
