import type { components } from './schema';

/** The host's schemas (generated from /openapi/v1.json), named as the designer uses them. */
type S = components['schemas'];
export type WorkflowDefinition = S['WorkflowDefinition'];
export type ActivityNode = S['ActivityNode'];
export type Connection = S['Connection'];
export type ActivityDescriptor = S['ActivityDescriptor'];
export type InputDescriptor = S['InputDescriptor'];
export type DefinitionSummary = S['DefinitionSummary'];
export type DefinitionDocument = S['DefinitionDocument'];
export type VersionSummary = S['VersionSummary'];
export type DefinitionDiff = S['DefinitionDiff'];
export type ValidationError = S['ValidationError'];
export type InstanceSummary = S['InstanceSummary'];
export type InstanceDetail = S['InstanceDetail'];
export type InstanceStatus = S['InstanceStatus'];
export type LogEntry = S['LogEntry'];
export type IncidentView = S['IncidentView'];
export type BookmarkView = S['BookmarkView'];
export type ProductInfo = S['ProductInfo'];

/** An input value as the format defines it: a literal, { expression } or { template }. */
export type InputValue = unknown;
