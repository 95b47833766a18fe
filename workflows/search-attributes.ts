// Search attributes let an admin filter cases in the Temporal UI ("overdue cases of unit X").
// They are not encrypted: only phases, officer ids, dates, levels and units, never who reported.
import { defineSearchAttributeKey } from '@temporalio/common';

export const AnticorStatus = defineSearchAttributeKey('AnticorStatus', 'KEYWORD');
export const AnticorAssignee = defineSearchAttributeKey('AnticorAssignee', 'KEYWORD');
export const AnticorDueAt = defineSearchAttributeKey('AnticorDueAt', 'DATETIME');
export const AnticorEscalation = defineSearchAttributeKey('AnticorEscalation', 'INT');
export const AnticorUnit = defineSearchAttributeKey('AnticorUnit', 'KEYWORD');

/** Registered on every server the project starts (dev server flags, compose, tests). */
export const SEARCH_ATTRIBUTES = [AnticorStatus, AnticorAssignee, AnticorDueAt, AnticorEscalation, AnticorUnit];

/** Escalation levels, as shown in AnticorEscalation. */
export const ESCALATION = { none: 0, supervisor: 1, head: 2 } as const;
