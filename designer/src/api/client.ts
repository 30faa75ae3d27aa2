import createClient from 'openapi-fetch';
import type { paths } from './schema';

/**
 * The typed API client: openapi-fetch over the paths generated from the host's OpenAPI document
 * (scripts/gen-api.mjs). Same origin: the host serves the app and the API.
 */
export const api = createClient<paths>({
  baseUrl: typeof window === 'undefined' ? 'http://localhost' : window.location.origin,
  fetch: (request) => globalThis.fetch(request),
});

/** An RFC 9457 problem the host answered with. */
export interface Problem {
  status: number;
  title?: string;
  detail?: string;
  type?: string;
  errors?: unknown;
  currentRevision?: number;
}

export class ApiError extends Error {
  constructor(public readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
  get status() {
    return this.problem.status;
  }
}

/** The data of an openapi-fetch answer, or an ApiError carrying the problem details. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) return result.data as T;
  const body = (result.error ?? {}) as Partial<Problem>;
  throw new ApiError({ ...body, status: result.response.status });
}
