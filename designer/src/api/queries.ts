import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { ActivityDescriptor, InstanceStatus } from './types';

/** Server state through TanStack Query: one key per resource, invalidated by the mutations that change it. */
export const keys = {
  descriptors: ['activity-descriptors'] as const,
  flows: ['definitions'] as const,
  flow: (id: string) => ['definitions', id] as const,
  versions: (id: string) => ['definitions', id, 'versions'] as const,
  version: (id: string, v: number) => ['definitions', id, 'versions', v] as const,
  diff: (id: string, from: number, to: number) => ['definitions', id, 'diff', from, to] as const,
  instances: (filter: object) => ['instances', filter] as const,
  instance: (id: string) => ['instance', id] as const,
  info: ['info'] as const,
};

export function useDescriptors() {
  return useQuery({
    queryKey: keys.descriptors,
    queryFn: async () => unwrap(await api.GET('/api/activity-descriptors')) as ActivityDescriptor[],
    staleTime: 5 * 60_000,
  });
}

export function useFlows() {
  return useQuery({ queryKey: keys.flows, queryFn: async () => unwrap(await api.GET('/api/definitions')) });
}

export function useFlow(id: string) {
  return useQuery({
    queryKey: keys.flow(id),
    queryFn: async () => unwrap(await api.GET('/api/definitions/{definitionId}', { params: { path: { definitionId: id } } })),
    refetchOnWindowFocus: false,
    staleTime: Infinity,
  });
}

export function useVersions(id: string, enabled = true) {
  return useQuery({
    queryKey: keys.versions(id),
    enabled,
    queryFn: async () => unwrap(await api.GET('/api/definitions/{definitionId}/versions', { params: { path: { definitionId: id } } })),
  });
}

export function useVersion(id: string, version: number | undefined) {
  return useQuery({
    queryKey: keys.version(id, version ?? 0),
    enabled: version !== undefined,
    staleTime: Infinity,
    queryFn: async () => unwrap(await api.GET('/api/definitions/{definitionId}/versions/{version}', {
      params: { path: { definitionId: id, version: version! } },
    })),
  });
}

export function useDiff(id: string, from: number | undefined, to: number | undefined) {
  return useQuery({
    queryKey: keys.diff(id, from ?? 0, to ?? 0),
    enabled: from !== undefined && to !== undefined,
    queryFn: async () => unwrap(await api.GET('/api/definitions/{definitionId}/diff', {
      params: { path: { definitionId: id }, query: { from: from!, to: to! } },
    })),
  });
}

export interface InstanceFilter {
  definitionId?: string;
  status?: InstanceStatus;
  page: number;
  pageSize: number;
}

export function useInstances(filter: InstanceFilter) {
  return useQuery({
    queryKey: keys.instances(filter),
    queryFn: async () => unwrap(await api.GET('/api/instances', { params: { query: filter } })),
    refetchInterval: 5000,
  });
}

/**
 * An instance, its log and the definition it runs, kept live while it may still move: each
 * Server-Sent Event of /api/instances/{id}/events refetches it; polling only while no stream is open.
 */
export function useInstanceTrace(id: string | undefined, live = true) {
  const client = useQueryClient();
  const [streaming, setStreaming] = useState(false);
  useEffect(() => {
    if (!id || !live || typeof EventSource === 'undefined') return;
    const source = new EventSource(`/api/instances/${id}/events`);
    source.onopen = () => setStreaming(true);
    source.onerror = () => setStreaming(false);
    source.addEventListener('progress', (event) => {
      void client.invalidateQueries({ queryKey: keys.instance(id) });
      const status = (JSON.parse((event as MessageEvent<string>).data) as { status?: string }).status;
      if (status === 'Completed' || status === 'Cancelled') {
        source.close(); // the server ends the stream; EventSource would otherwise reconnect
        setStreaming(false);
      }
    });
    return () => source.close();
  }, [id, live, client]);
  return useQuery({
    queryKey: keys.instance(id ?? ''),
    enabled: !!id,
    queryFn: async () => {
      const path = { params: { path: { id: id! } } };
      const [detail, log, definition] = await Promise.all([
        api.GET('/api/instances/{id}', path).then(unwrap),
        api.GET('/api/instances/{id}/log', path).then(unwrap),
        api.GET('/api/instances/{id}/definition', path).then(unwrap),
      ]);
      return { detail, log, definition };
    },
    refetchInterval: (query) => {
      const status = query.state.data?.detail.instance.status;
      return live && !streaming && status !== 'Completed' && status !== 'Cancelled' ? 1000 : false;
    },
  });
}

export function useInfo() {
  return useQuery({ queryKey: keys.info, queryFn: async () => unwrap(await api.GET('/api/info')), staleTime: Infinity });
}
