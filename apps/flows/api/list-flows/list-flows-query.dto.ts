import { FlowDefaults, FlowStates } from '@app/flows';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** The query of `GET /flows`: the state to list (all when left out), and how many at most. */
export const listFlowsQuery = z.object({
  state: z
    .enum(Object.values(FlowStates) as [string, ...string[]])
    .optional()
    .describe('list only the flows in this state now; stuck: what needs a person'),
  limit: z.coerce.number().int().min(1).max(1000).default(FlowDefaults.listLimit),
});

/** The query of `GET /flows`. */
export class ListFlowsQueryDto extends createZodDto(listFlowsQuery) {}
