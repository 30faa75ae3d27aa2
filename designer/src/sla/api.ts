import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { useMe } from '../auth/useSession';

type S = components['schemas'];
export type SlaPolicySummary = S['SlaPolicySummary'];
export type SlaVersionView = S['SlaVersionView'];
export type SlaDiff = S['SlaDiff'];
export type SlaTryAnswer = S['SlaTryAnswer'];
export type SlaTargetView = S['SlaTargetView'];
export type SlaJobView = S['SlaJobView'];
export type SlaComplianceReport = S['SlaComplianceReport'];

/** The result of an impact-preview job (SlaImpactResult on the server; the job carries it as JSON). */
export interface SlaImpactResult {
  policyId: string; draftVersion: number; computedAt: string; seconds: number;
  open: { open: number; changed: number; breachedUnderDraft: number; breachedNow: number;
    examples: { requestId: string; number: string; target: string; currentDue: string | null; draftDue: string | null; breachedUnderDraft: boolean }[] };
  closed: { from: string; to: string; closed: number; metBefore: number; breachedBefore: number; metUnderDraft: number; breachedUnderDraft: number;
    groups: { dimension: string; key: string; requests: number; metBefore: number; breachedBefore: number; metUnderDraft: number; breachedUnderDraft: number }[] };
}

export const slaKeys = {
  policies: ['sla-policies'] as const,
  policy: (id: string) => ['sla-policies', id] as const,
  versions: (id: string) => ['sla-policies', id, 'versions'] as const,
  version: (id: string, v: number) => ['sla-policies', id, 'versions', v] as const,
  diff: (id: string, from: number, to: number) => ['sla-policies', id, 'diff', from, to] as const,
  job: (id: string) => ['sla-jobs', id] as const,
  report: (q: object) => ['sla-reports', q] as const,
};

const path = (policyId: string) => ({ params: { path: { policyId } } });

export function usePolicies() {
  return useQuery({ queryKey: slaKeys.policies, queryFn: async () => unwrap(await api.GET('/api/sla-policies')) });
}

/** The draft if there is one, else the latest published version. */
export function usePolicy(id: string) {
  return useQuery({
    queryKey: slaKeys.policy(id),
    queryFn: async () => unwrap(await api.GET('/api/sla-policies/{policyId}', path(id))),
    refetchOnWindowFocus: false,
  });
}

export function useSlaVersions(id: string) {
  return useQuery({ queryKey: slaKeys.versions(id), queryFn: async () => unwrap(await api.GET('/api/sla-policies/{policyId}/versions', path(id))) });
}

export function useSlaVersion(id: string, version: number | undefined) {
  return useQuery({
    queryKey: slaKeys.version(id, version ?? 0),
    enabled: version !== undefined,
    staleTime: Infinity,
    queryFn: async () => unwrap(await api.GET('/api/sla-policies/{policyId}/versions/{version}', { params: { path: { policyId: id, version: version! } } })),
  });
}

export function useSlaDiff(id: string, from: number | undefined, to: number | undefined) {
  return useQuery({
    queryKey: slaKeys.diff(id, from ?? 0, to ?? 0),
    enabled: from !== undefined && to !== undefined && from !== to,
    queryFn: async () => unwrap(await api.GET('/api/sla-policies/{policyId}/diff', {
      params: { path: { policyId: id }, query: { from: from!, to: to! } },
    })),
  });
}

/** An SLA job, polled every half second while it is queued or running. */
export function useSlaJob(id: string | undefined) {
  return useQuery({
    queryKey: slaKeys.job(id ?? ''),
    enabled: !!id,
    queryFn: async () => unwrap(await api.GET('/api/sla-jobs/{id}', { params: { path: { id: id! } } })),
    refetchInterval: (q) => (q.state.data && ['Succeeded', 'Failed', 'Cancelled'].includes(q.state.data.status) ? false : 500),
  });
}

export interface ReportQuery { from?: string; to?: string; groupBy: string; timeZone: string }

export function useComplianceReport(q: ReportQuery) {
  return useQuery({
    queryKey: slaKeys.report(q),
    queryFn: async () => unwrap(await api.GET('/api/sla-reports/compliance', { params: { query: q } })) as SlaComplianceReport,
  });
}

/** Whether the signed-in user may change SLA policies (Admin); Supervisors and the rest read. */
export function useCanEditSla() {
  const me = useMe();
  return !!me.data?.roles.includes('Admin');
}
