import { CreateFlowDto } from './create-flow.dto';

describe('CreateFlowDto', () => {
  describe('schema', () => {
    it('trims the fields when given a valid body', () => {
      expect(CreateFlowDto.schema.parse({ name: '  First  ' })).toEqual({ name: 'First' });
    });

    it('refuses the body when given an unknown field or an empty name', () => {
      expect(CreateFlowDto.schema.safeParse({ name: 'First', extra: 1 }).success).toBe(false);
      expect(CreateFlowDto.schema.safeParse({ name: ' ' }).success).toBe(false);
    });
  });
});
