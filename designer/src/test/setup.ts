import { configure } from '@testing-library/react';

// findBy / waitFor wait up to 10 s: on a busy 2-core machine a screen can take seconds to settle
configure({ asyncUtilTimeout: 10_000 });

// What jsdom lacks and antd / React Flow use.
if (!window.matchMedia) {
  window.matchMedia = (query: string) => ({
    matches: false, media: query, onchange: null,
    addListener: () => {}, removeListener: () => {}, addEventListener: () => {}, removeEventListener: () => {}, dispatchEvent: () => false,
  }) as MediaQueryList;
}
if (!('ResizeObserver' in window)) {
  (window as unknown as { ResizeObserver: unknown }).ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}
