import { FlowDefaults } from '@app/flows';
import { ListFlowsQueryDto } from './list-flows-query.dto';

describe('ListFlowsQueryDto', () => {
  describe('schema', () => {
    it('takes a flow state and a limit, the limit defaulted when left out', () => {
      expect(ListFlowsQueryDto.schema.parse({ state: 'stuck', limit: '10' })).toEqual({
        state: 'stuck',
        limit: 10,
      });
      expect(ListFlowsQueryDto.schema.parse({})).toEqual({ limit: FlowDefaults.listLimit });
    });

    it('refuses a state that is not a flow state, or a limit out of range', () => {
      expect(ListFlowsQueryDto.schema.safeParse({ state: 'lost' }).success).toBe(false);
      expect(ListFlowsQueryDto.schema.safeParse({ limit: '0' }).success).toBe(false);
      expect(ListFlowsQueryDto.schema.safeParse({ limit: '1001' }).success).toBe(false);
    });
  });
});
