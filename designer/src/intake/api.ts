import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ApiError, api, unwrap } from '../api/client';
import type { components } from '../api/schema';

type S = components['schemas'];
export type IntakeCustomer = S['IntakeCustomer'];
export type IntakeProduct = S['IntakeProduct'];
export type IntakeWarranty = S['IntakeWarranty'];
export type KbHit = { articleId: string; title: string; score: number };
export type NewServiceRequest = S['NewServiceRequest'];

/** The value, once it stopped changing for <paramref name="ms"/>. */
export function useDebounced<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function useLookup(q: string) {
  return useQuery({
    queryKey: ['intake', 'lookup', q],
    enabled: q.trim().length >= 2,
    queryFn: async () => unwrap(await api.GET('/api/intake/lookup', { params: { query: { q } } })),
    placeholderData: (previous) => previous,
  });
}

/** The warranty decision for a typed serial number; null while the serial is unknown and no model is given. */
export function useWarranty(serialNumber: string, model?: string, saleDate?: string) {
  return useQuery({
    queryKey: ['intake', 'warranty', serialNumber, model ?? '', saleDate ?? ''],
    enabled: serialNumber.trim().length >= 3,
    retry: false,
    queryFn: async (): Promise<IntakeWarranty | null> => {
      try {
        return unwrap(await api.GET('/api/intake/warranty', {
          params: { query: { serialNumber: serialNumber.trim(), model: model || undefined, saleDate: saleDate || undefined } },
        }));
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
  });
}

export function useKnowledge(symptom: string) {
  return useQuery({
    queryKey: ['knowledge', 'search', symptom],
    enabled: symptom.trim().length >= 3,
    queryFn: async () => unwrap(await api.GET('/api/knowledge/search', { params: { query: { q: symptom, top: 5 } } })) as unknown as KbHit[],
    placeholderData: (previous) => previous,
  });
}

export function useArticle(id: string | undefined) {
  return useQuery({
    queryKey: ['knowledge', id],
    enabled: !!id,
    queryFn: async () => unwrap(await api.GET('/api/knowledge/{key}', { params: { path: { key: id! } } })) as unknown as { title: string; solution: string },
  });
}

/** Field errors of a 400 problem, keyed by the form's field names. */
export function fieldErrors(error: unknown, map: Record<string, string> = {}): { name: string; errors: string[] }[] {
  if (!(error instanceof ApiError) || !error.problem.errors || typeof error.problem.errors !== 'object') return [];
  return Object.entries(error.problem.errors as Record<string, string[]>).map(([field, errors]) => ({ name: map[field] ?? field, errors }));
}
