import { flowSummarySchema, flowViewSchema } from '@app/flows';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** A flow as `GET /flows/:correlationId` answers it: its state and its hops in order. */
export class FlowViewDto extends createZodDto(flowViewSchema) {}

/** The answer of `GET /flows`: the flows found, oldest last hop first. */
export class FlowsPageDto extends createZodDto(z.object({ items: z.array(flowSummarySchema) })) {}
